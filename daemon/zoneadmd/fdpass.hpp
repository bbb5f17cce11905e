// A message plus up to two fds over a UNIX socket (SCM_RIGHTS): how the
// platform helper hands the console pty back to zoneadmd.
#pragma once

#include <string>
#include <string_view>

#include "fd.hpp"

namespace zones::zoneadmd {

bool send_msg(int sock, std::string_view text, int fd1 = -1, int fd2 = -1);
// false on EOF/error; fds not sent stay empty.
bool recv_msg(int sock, std::string& text, Fd& fd1, Fd& fd2);

}  // namespace zones::zoneadmd
