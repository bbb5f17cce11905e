// The local terminal of an interactive or console session: raw mode while
// relaying, restored by the destructor on every way out (the signals that
// end a session are turned into a normal return, see signals.hpp).
#pragma once

#include <termios.h>

namespace zones::zlogin {

class RawTerminal {
public:
    RawTerminal() = default;
    RawTerminal(const RawTerminal&) = delete;
    RawTerminal& operator=(const RawTerminal&) = delete;
    ~RawTerminal() { restore(); }

    // Raw mode on fd if it is a terminal; false (nothing changed) if not.
    bool enter(int fd);
    void restore();

private:
    int fd_ = -1;
    termios saved_{};
};

// Copy the window size of terminal `from` to the pty master `to`.
void copy_window_size(int from, int to);

}  // namespace zones::zlogin
