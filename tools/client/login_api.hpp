// zlogin's calls of org.zones.Manager (RunCommand, OpenShell, OpenConsole;
// dbus/org.zones.Manager.xml). Each throws ZoneError with the service's
// line. The waits survive signals: zlogin forwards them while it waits.
#pragma once

#include <poll.h>

#include <cstdint>
#include <string>
#include <vector>

#include "client/bus.hpp"
#include "zones/file_util.hpp"

namespace zones::client {

inline constexpr std::uint64_t kLoginSafe = 1;   // zlogin -S

// Work to do while a call is pending (zlogin copies terminal I/O then):
// add() the fds to poll after the bus's, handle() their revents.
class Pump {
public:
    virtual ~Pump() = default;
    virtual void add(std::vector<pollfd>& fds) = 0;
    virtual void handle(const pollfd* fds, std::size_t n) = 0;
};

// Runs `command` in zone `name` on the given fds; returns its exit status
// (128+N for death by signal N). signal_fd: read end of zlogin's signal pipe.
int run_command(const Bus& bus, const std::string& name, const std::string& user,
                const std::vector<std::string>& command, int in_fd, int out_fd, int err_fd,
                int signal_fd, std::uint64_t flags, Pump* pump = nullptr);

struct Shell {
    sys::Fd pty;   // master
    std::string tty;        // "pts/N"
};
Shell open_shell(const Bus& bus, const std::string& name, const std::string& user,
                 const std::string& term, std::uint64_t flags);

sys::Fd open_console(const Bus& bus, const std::string& name);

}  // namespace zones::client
