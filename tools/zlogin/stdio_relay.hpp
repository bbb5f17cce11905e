// Command mode hands zlogin's own stdin/stdout/stderr to the zone, except
// terminals: a process of the zone holding the administrator's tty could
// inject input into it (TIOCSTI), change its modes or keep it after zlogin
// is gone. For a terminal a pipe stands in and zlogin copies (the terminal
// stays in its own cooked mode; ^C is forwarded as SIGINT).
#pragma once

#include <array>
#include <string>

#include "client/login_api.hpp"
#include "zones/file_util.hpp"

namespace zones::zlogin {

class StdioRelay final : public client::Pump {
public:
    // fds[i]: what the command would get for stdin/stdout/stderr.
    explicit StdioRelay(std::array<int, 3> fds);

    // The fd to pass for slot i (a pipe end when fds[i] is a terminal).
    int remote(int i) const { return pipe_remote_[i] ? pipe_remote_[i].get() : local_[i]; }
    // Our copies of the zone's pipe ends go (the call holds its own).
    void close_remote_ends();
    // After the command exited: copy what is left in the output pipes.
    void drain();

    void add(std::vector<pollfd>& fds) override;
    void handle(const pollfd* fds, std::size_t n) override;

private:
    void copy_out(int i);

    std::array<int, 3> local_;
    std::array<sys::Fd, 3> pipe_remote_, pipe_local_;
    std::string pending_in_;      // read from the terminal, not yet in the pipe
    bool in_eof_ = false;
    std::array<int, 3> slot_{};   // index in the pollfd vector, -1 = not polled
};

}  // namespace zones::zlogin
