// A message with file descriptors over a UNIX socket (SCM_RIGHTS): zlogin's
// stdio and signal pipe from zonesd to zoneadmd, the session's fd back, the
// console pty from the platform helper to zoneadmd.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sys/fd.hpp"

namespace zones::sys {

inline constexpr std::size_t kMaxFds = 8;

// One sendmsg of `text` with up to kMaxFds fds (negative ones, fds that
// are not there, are left out), retried on EINTR, never SIGPIPE. False
// (errno set) unless the whole text went.
bool send_fds(int sock, std::string_view text, const std::vector<int>& fds = {});

// One recvmsg of up to `max_text` bytes. Every fd that came is taken into
// `fds` (O_CLOEXEC, owned) whatever happens next, so none leaks. False on
// EOF (errno 0), an error, or a truncated message or fd list (EMSGSIZE).
// `flags`: extra recvmsg flags (MSG_DONTWAIT).
bool recv_fds(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text = 4096,
              int flags = 0);

// The same on a socket with SO_PASSCRED: `sender` is the PID (in our PID
// namespace) the kernel vouches for, 0 when the message carried none.
bool recv_fds_from(int sock, std::string& text, std::vector<Fd>& fds, std::size_t max_text, pid_t& sender);

}  // namespace zones::sys
