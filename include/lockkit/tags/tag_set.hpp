#pragma once
// A wheel's tags of one kind (`py2.py3`, `manylinux_2_17_x86_64.manylinux2014_x86_64`).
// Nearly every wheel names one or two tags per field, and index pages list
// thousands of wheels, so two live inline and only longer sets spill to the heap.

#include "lockkit/util/small_vector.hpp"

namespace lockkit::tags {

template <typename T>
using TagSet = SmallVector<T, 2>;

} // namespace lockkit::tags
