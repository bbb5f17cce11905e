// zoneadmd's names for the shared low-level library (lib/sys): the owning
// fd, whole-file I/O and fd passing that zonesd and the plugins use too.
#pragma once

#include "sys/fd.hpp"
#include "sys/fdpass.hpp"
#include "sys/file_io.hpp"
#include "sys/test_hooks.hpp"

namespace zones::zoneadmd {

using sys::errno_text;
using sys::Fd;
using sys::read_fd;
using sys::read_file;
using sys::recv_fds;
using sys::recv_fds_from;
using sys::replace_file;
using sys::send_fds;
using sys::write_all;

}  // namespace zones::zoneadmd
