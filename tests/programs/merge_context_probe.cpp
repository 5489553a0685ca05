// A merge driver for tests: records which commits find_merge_commits() sees
// behind the run (one JSON line appended to $PROBE_LOG), then merges the file
// textually as git would. Usage (git config): probe %O %A %B %P

#include "lockkit/git/merge_context.hpp"
#include "lockkit/util/atomic_file.hpp"
#include "lockkit/util/subprocess.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 5) return 2;
    lockkit::git::DriverBlobs blobs;
    blobs.path = argv[4];
    blobs.base = lockkit::git::blob_id(lockkit::read_file(argv[1]).value_or(""));
    blobs.ours = lockkit::git::blob_id(lockkit::read_file(argv[2]).value_or(""));
    blobs.theirs = lockkit::git::blob_id(lockkit::read_file(argv[3]).value_or(""));
    const auto found = lockkit::git::find_merge_commits(".", blobs);
    std::string line = "{\"found\": " + std::string(found ? "true" : "false");
    if (found) {
        line += ", \"operation\": \"" + std::string(lockkit::git::merge_operation_name(found->operation)) +
                "\", \"base\": \"" + found->base + "\", \"ours\": \"" + found->ours + "\", \"theirs\": \"" +
                found->theirs + "\"";
        if (const char* other = std::getenv("PROBE_MERGE_FILE")) {
            const auto merged = lockkit::git::merge_file_at(".", *found, other);
            if (merged && merged->text) {
                line += ", \"merged_conflicted\": " + std::string(merged->conflicted ? "true" : "false");
                std::string escaped;
                for (char c : *merged->text) {
                    if (c == '\n') escaped += "\\n";
                    else if (c == '"' || c == '\\') escaped += std::string("\\") + c;
                    else escaped += c;
                }
                line += ", \"merged\": \"" + escaped + "\"";
            }
        }
    }
    line += "}\n";
    if (const char* log = std::getenv("PROBE_LOG")) std::ofstream(log, std::ios::app) << line;
    const auto r = lockkit::run_process({"git", "merge-file", argv[2], argv[1], argv[3]});
    return r ? (r->exit_code == 0 ? 0 : 1) : 2;
}
