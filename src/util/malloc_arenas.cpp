// One malloc arena for every thread; see include/lockkit/util/malloc_arenas.hpp.

#include "lockkit/util/malloc_arenas.hpp"

#include <malloc.h>

namespace lockkit {

void use_one_malloc_arena() {
    // Threads that have not allocated yet are given the main arena from now on.
    mallopt(M_ARENA_MAX, 1);
}

} // namespace lockkit
