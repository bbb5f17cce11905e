// Every method of org.zones.Manager and org.zones.Zone, written once. The
// D-Bus faces forward here, machined-style: ManagerDbus with the zone's
// name, ZoneDbus with its own. Reads are open to everyone (an unprivileged
// caller's run on their own bounded queue, one lane per uid, so a flood
// from one user never delays or makes busy a root or authorized call);
// every other call is authorized first (authorize.hpp), then runs where it
// always did (the zone's lane; zlogin's straight to zoneadmd) and leaves
// one entry in the audit journal (audit.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "authorize.hpp"
#include "caller.hpp"
#include "grace.hpp"
#include "login.hpp"
#include "manager.hpp"
#include "operation.hpp"
#include "runtime.hpp"
#include "zones/timeline.hpp"

namespace zones::daemon {

class ZoneCalls {
public:
    using ZoneRow = sdbus::Struct<int32_t, std::string, std::string, std::string, std::string,
                                  std::string, std::string, sdbus::ObjectPath>;
    // (time usec, user, uid, pid, verb, result, authorized_by, detail)
    using LogRow = sdbus::Struct<uint64_t, std::string, uint32_t, uint32_t, std::string,
                                 std::string, std::string, std::string>;
    // (phase, meanwhile, start usec CLOCK_MONOTONIC, duration usec)
    using TimingRow = sdbus::Struct<std::string, bool, uint64_t, uint64_t>;
    using Timed = sdbus::Result<std::string, std::vector<TimingRow>>;

    // `queue`: root's and authorized calls; `users`: unprivileged reads
    // and the authorization of unprivileged calls.
    ZoneCalls(Manager& manager, Runtime& runtime, Logins& logins, Authority& authority,
              WorkQueue& queue, WorkQueue& users);

    // Started by an authorized ready, boot or zlogin (grace.hpp); none: not.
    void set_primer(GracePrimer* primer) { primer_ = primer; }

    // A read: open to everyone, never authorized, never audited.
    template <typename... Out, typename Work>
    void read(const Caller& who, sdbus::Result<Out...>&& result, Work work) noexcept {
        if (who.privileged())
            run_operation(queue_, unordered_key(), std::move(result), std::move(work));
        else
            run_operation(users_, Authority::lane(who), std::move(result), std::move(work));
    }

    void list_zones(const Caller& who, sdbus::Result<std::vector<ZoneRow>>&& result);
    void get_zone(const Caller& who, sdbus::Result<sdbus::ObjectPath>&& result, std::string name);
    void get_configuration(const Caller& who, sdbus::Result<std::string>&& result, std::string name);
    void get_template(const Caller& who, sdbus::Result<std::string>&& result, std::string name);
    void verify_configuration(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                              std::string xml);
    void verify_zone(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                     std::string name);

    // zonecfg: a new zone (old_name "") needs org.zones.create, a change
    // org.zones.configure.
    void set_configuration(const Caller& who, sdbus::Result<sdbus::ObjectPath>&& result,
                           std::string old_name, std::string xml);
    void set_configuration(const Caller& who, sdbus::Result<>&& result, std::string name,
                           std::string xml);
    void delete_configuration(const Caller& who, sdbus::Result<>&& result, std::string name,
                              bool force);

    void install(const Caller& who, sdbus::Result<>&& result, std::string name,
                 std::vector<std::string> args);
    void uninstall(const Caller& who, sdbus::Result<>&& result, std::string name, bool force);
    void mark_incomplete(const Caller& who, sdbus::Result<>&& result, std::string name);
    void mark(const Caller& who, sdbus::Result<>&& result, std::string name, std::string state);
    // clone: the verb on the target, then the clonefrom right on the source
    // (illumos: "clone operation is invalid because user is not authorized
    // to read source zone.").
    void clone(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
               std::string source, std::vector<std::string> args);
    // move: a path the service creates as root, so only for root callers,
    // as install's -a/-d.
    void move(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
              std::string zonepath);
    void detach(const Caller& who, sdbus::Result<std::string>&& result, std::string name, bool dry_run);
    void attach(const Caller& who, sdbus::Result<std::vector<std::string>>&& result, std::string name,
                bool force);
    // attach -n: a read (the manifest's checks against this host).
    void check_manifest(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                        std::string manifest);
    void ready(const Caller& who, sdbus::Result<std::string>&& result, std::string name);
    void boot(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
              std::string args);
    void halt(const Caller& who, sdbus::Result<std::string>&& result, std::string name);
    // The same, and where the time went (zoneadm -v). `since`: the
    // caller's CLOCK_MONOTONIC in usec when it called (0: unknown).
    void ready_timed(const Caller& who, Timed&& result, std::string name, uint64_t since);
    void boot_timed(const Caller& who, Timed&& result, std::string name, std::string args,
                    uint64_t since);
    void halt_timed(const Caller& who, Timed&& result, std::string name, uint64_t since);
    void shutdown(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
                  bool reboot, std::string args);
    // Shutdown with a bound on init (zoneadm shutdown -a); authorized as shutdown.
    void shutdown_within(const Caller& who, sdbus::Result<std::string>&& result,
                         std::string name, uint32_t timeout);
    void reboot(const Caller& who, sdbus::Result<std::string>&& result, std::string name,
                std::string args);
    void apply(const Caller& who, sdbus::Result<std::string>&& result, std::string name);

    void run_command(const Caller& who, sdbus::Result<int32_t>&& result, std::string name,
                     std::string user, std::vector<std::string> command, sdbus::UnixFd in_fd,
                     sdbus::UnixFd out_fd, sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd,
                     uint64_t flags);
    void open_shell(const Caller& who, sdbus::Result<sdbus::UnixFd, std::string>&& result,
                    std::string name, std::string user, std::string term, uint64_t flags);
    void open_console(const Caller& who, sdbus::Result<sdbus::UnixFd>&& result, std::string name);

    // zoneadm log: the zone's audit entries, the last `count`.
    void get_log(const Caller& who, sdbus::Result<std::vector<LogRow>>&& result, std::string name,
                 uint32_t count);

    // What the caller may do (GetZoneAccess): the verbs of `verbs` that
    // authorize() allows now, asked without user interaction. A read:
    // admitted like a change, never audited.
    void get_access(const Caller& who, sdbus::Result<std::vector<std::string>>&& result,
                    std::string name, std::vector<std::string> verbs);

private:
    struct Target {
        std::string zone;
        Verb verb;
    };
    // Where an authorized call runs: on the lane of its target zone (so
    // two calls about one zone never overlap, a zonecfg "create -F" over a
    // zone included), on the queue without order, or at once (zlogin:
    // nothing waits).
    enum class Place { Lane, Unordered, Now };
    // `also`: a second authorization the call needs once the first is
    // given (clone: the clonefrom right on its source).
    template <typename... Out, typename Work>
    void change(const Caller& who, std::function<Target()> target, Details extra, Place place,
                sdbus::Result<Out...>&& result, Work work,
                std::optional<Target> also = std::nullopt) noexcept;
    // ready, boot, halt, timed or not: `run(runtime, timeline)` on the
    // zone's lane, `answer(reply, notice, timeline)`; the phases go to the
    // journal after the answer.
    template <typename... Out, typename Run, typename Answer>
    void lifecycle(const Caller& who, std::string name, Verb verb, uint64_t since,
                   sdbus::Result<Out...>&& result, Run run, Answer answer);
    template <typename... Out, typename Answer>
    void configure(const Caller& who, std::string old_name, std::string xml,
                   sdbus::Result<Out...>&& result, Answer answer);

    Manager& manager_;
    Runtime& runtime_;
    Logins& logins_;
    Authority& authority_;
    WorkQueue& queue_;
    WorkQueue& users_;
    GracePrimer* primer_ = nullptr;
};

}  // namespace zones::daemon
