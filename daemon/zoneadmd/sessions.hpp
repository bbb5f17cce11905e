// zlogin's verbs on zoneadmd.sock (PROTOCOL.md "zlogin"): `run` (a command
// on the caller's fds, replied to when it exits), `shell` (a login shell
// on a pty of the zone, the master handed back at once) and `console` (the
// one console client, a socket relayed to the console master). All on
// zoneadmd's single sd-event thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <systemd/sd-event.h>

#include "control.hpp"
#include "exec_in_zone.hpp"
#include "process.hpp"
#include "sys.hpp"
#include "zone_platform.hpp"
#include "zones/config.hpp"

namespace zones::zoneadmd {

class Sessions {
public:
    Sessions(sd_event* ev, const Paths& paths, const ZoneConfig& cfg, ZonePlatform& zone, Cgroups& cg,
             Control& ctl);
    ~Sessions();
    Sessions(const Sessions&) = delete;
    Sessions& operator=(const Sessions&) = delete;

    std::optional<std::string> request(std::uint64_t conn, std::string_view req, std::vector<Fd>& fds);

private:
    struct Session {
        Sessions* owner = nullptr;
        std::uint64_t conn = 0;
        bool reply = false;        // run: answer with the exit status
        Child leader;
        Fd signals;                // run: bytes = signal numbers for the process group
        EventSource exit_src, sig_src;
    };

    std::optional<std::string> run(std::uint64_t conn, const std::vector<std::string>& w, std::vector<Fd>& fds);
    std::optional<std::string> shell(std::uint64_t conn, const std::vector<std::string>& w);
    std::optional<std::string> console(std::uint64_t conn, const std::vector<std::string>& w);
    std::string not_running() const;   // "" when running, else the error reply
    // The zone's init and its limits for a new session; "" or the error reply.
    std::string prepare(ExecRequest& r) const;
    Session* add(std::uint64_t conn, bool reply, Child leader, Fd signals);
    void end_all();   // kill and reap every session (the zone stops)
    void detach_console();

    static int on_exit(sd_event_source*, int fd, uint32_t, void* self);
    static int on_signals(sd_event_source*, int fd, uint32_t, void* self);
    static int on_console_in(sd_event_source*, int fd, uint32_t, void* self);

    sd_event* ev_;
    const Paths& p_;
    const ZoneConfig& cfg_;
    ZonePlatform& zone_;
    Cgroups& cg_;
    Control& ctl_;
    std::map<Session*, std::unique_ptr<Session>> sessions_;
    Fd console_client_;
    pid_t console_pid_ = 0;
    EventSource console_src_;
};

}  // namespace zones::zoneadmd
