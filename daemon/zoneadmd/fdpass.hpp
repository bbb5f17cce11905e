// A message plus up to two fds over a UNIX socket (SCM_RIGHTS): how the
// platform helper hands the console pty back to zoneadmd.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fd.hpp"

namespace zones::zoneadmd {

bool send_msg(int sock, std::string_view text, int fd1 = -1, int fd2 = -1);
// false on EOF/error; fds not sent stay empty.
bool recv_msg(int sock, std::string& text, Fd& fd1, Fd& fd2);

// Up to kMaxFds fds with a message of up to `max_text` bytes (zlogin's
// stdin/stdout/stderr/signal pipe arrive this way on zoneadmd.sock).
inline constexpr std::size_t kMaxFds = 8;
bool send_fds(int sock, std::string_view text, const std::vector<int>& fds);
// false on EOF/error (errno set, 0 for EOF). MSG_TRUNC/MSG_CTRUNC: false, EMSGSIZE.
bool recv_fds(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text);

}  // namespace zones::zoneadmd
