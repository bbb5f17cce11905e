// The byte relay of an interactive or console session: local stdin ->
// escape filter -> remote, remote -> local stdout, plus the signal pipe.
#pragma once

#include <functional>

#include "escape.hpp"

namespace zones::zlogin {

enum class RelayEnd { RemoteClosed, Escape, Signal };

// Runs until the remote side closes, the escape sequence, or a signal other
// than SIGWINCH (on_winch is called for that). After local EOF only the
// remote side is relayed.
RelayEnd relay(int local_in, int local_out, int remote, EscapeFilter& escape, int signal_fd,
               const std::function<void()>& on_winch);

// write(2) everything, waiting when the fd is non-blocking; false on error.
bool write_all(int fd, const char* data, std::size_t size);

}  // namespace zones::zlogin
