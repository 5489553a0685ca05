#pragma once
// Inside the driver: the per-thread half of prepare_driver_process()
// (driver_process.cpp).

namespace lockkit::merge {

/// Called first in each thread the driver starts: marks the thread's heap for
/// huge pages, when the program called prepare_driver_process(); else nothing.
void prepare_driver_thread();

} // namespace lockkit::merge
