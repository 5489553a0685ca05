// The script every backend hook runs through (see hook_runner.hpp). It is kept
// in Python because only the build environment's interpreter can import the
// backend; it runs on Python 3.6 and later and imports only the standard
// library. It takes one JSON argument:
//
//   {"backend": "module:object", "backend_path": [...], "hook": "...",
//    "output_directory": "...", "metadata_directory": null, "answer": "<file>"}
//
// and writes {"provided": bool, "value": ...} into the answer file. Any failure
// raises: the traceback goes to stderr and the exit status is not zero. A
// missing backend prints its traceback, as an uncaught ImportError would, then a
// `lockkit-hook:` line naming it (so the error can say where it was missing), and
// exits with status 1, as Python would.

#include "lockkit/build/hook_runner.hpp"

namespace lockkit::build {

namespace {

constexpr std::string_view k_script = R"HOOK(# lockkit build hook runner: calls one PEP 517/660 hook of a build backend.
import importlib
import json
import os
import sys

OPTIONAL = {
    "get_requires_for_build_wheel",
    "get_requires_for_build_editable",
    "prepare_metadata_for_build_wheel",
    "prepare_metadata_for_build_editable",
}


def load_backend(spec, backend_path):
    if backend_path:
        # PEP 517: backend-path folders come first; the working directory does not.
        if sys.path and sys.path[0] == "":
            sys.path.pop(0)
        sys.path[:0] = backend_path
    module_name, _, attribute = spec.partition(":")
    try:
        backend = importlib.import_module(module_name.strip())
    except ImportError as error:
        if getattr(error, "name", None) and module_name.strip().startswith(error.name):
            # The traceback as Python prints it (what uv shows, and reads its hint from), then ours.
            import traceback
            traceback.print_exc()
            sys.stderr.write("lockkit-hook: the build backend `%s` is not installed (%s)\n" % (spec, error))
            sys.exit(1)
        raise
    if backend_path:
        location = os.path.realpath(getattr(backend, "__file__", None) or "")
        inside = [p for p in backend_path if location.startswith(os.path.realpath(p) + os.sep)]
        if not inside:
            sys.stderr.write("lockkit-hook: the build backend `%s` was loaded from %s, outside backend-path %s\n"
                             % (spec, location, backend_path))
            sys.exit(4)
    for part in attribute.strip().split("."):
        if part:
            backend = getattr(backend, part)
    return backend


def main():
    request = json.loads(sys.argv[1])
    backend = load_backend(request["backend"], request["backend_path"])
    name = request["hook"]
    hook = getattr(backend, name, None)
    if hook is None:
        if name in OPTIONAL:
            answer = {"provided": False, "value": None}
        else:
            sys.stderr.write("lockkit-hook: the build backend `%s` has no `%s` hook\n" % (request["backend"], name))
            sys.exit(5)
    elif name.startswith("get_requires_for_build_"):
        value = hook({})
        answer = {"provided": True, "value": [str(r) for r in value]}
    elif name.startswith("prepare_metadata_for_build_"):
        answer = {"provided": True, "value": hook(request["output_directory"], {})}
    else:
        answer = {"provided": True,
                  "value": hook(request["output_directory"], {}, request["metadata_directory"])}
    with open(request["answer"], "w") as out:
        json.dump(answer, out)


main()
)HOOK";

} // namespace

std::string_view hook_script() {
    return k_script;
}

} // namespace lockkit::build
