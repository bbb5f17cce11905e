// Signals as bytes on a pipe (each byte a signal number), written by an
// async-signal-safe handler. In command mode the read end goes to the
// zone (RunCommand's signal_fd) so ^C reaches the remote command; in a
// session zlogin reads it itself (SIGWINCH, and the signals that end it).
#pragma once

#include <initializer_list>

#include "zones/file_util.hpp"

namespace zones::zlogin {

class SignalPipe {
public:
    // Creates the pipe and catches `sigs` (SA_RESTART). Throws on failure.
    explicit SignalPipe(std::initializer_list<int> sigs);
    ~SignalPipe();
    SignalPipe(const SignalPipe&) = delete;
    SignalPipe& operator=(const SignalPipe&) = delete;

    int read_fd() const { return read_.get(); }
    void close_read() { read_.reset(); }

private:
    sys::Fd read_, write_;
};

}  // namespace zones::zlogin
