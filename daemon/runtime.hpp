// Ready, running zones: the zonesd side of daemon/zoneadmd/PROTOCOL.md.
// Hands out zone IDs, starts each zone's zoneadmd in its transient scope
// zone-NAME.scope, talks to it over RUN/NAME/zoneadmd.sock, notices when
// it dies, and finds live zones again when zonesd restarts. States are
// derived from what exists (an answering zoneadmd), never from a file.
// No sdbus-c++ here: systemd is called on the worker thread's own sd-bus
// connection (scope.hpp), from the worker thread that runs the operation.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "manager.hpp"
#include "zones/file_util.hpp"
#include "zones/spawn.hpp"
#include "zones/timeline.hpp"
#include "zoneadmd-client.hpp"

namespace zones::daemon {

struct RuntimeOptions {
    std::filesystem::path store_root = "/";
    std::filesystem::path zoneadmd;     // LIBEXEC/zoneadmd (env ZONES_ZONEADMD overrides)
    bool use_systemd = true;            // false: no scopes (tests without systemd)
    std::string controller;             // zonesd's unique bus name: the scopes' Controller
    bool spare = false;                 // keep a zoneadmd --spare started (runtime-spare.cpp)
};

class Runtime {
public:
    Runtime(Manager& manager, RuntimeOptions options);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Find zones that are live (zonesd restarted): RUN/*/zoneid of zones
    // whose zoneadmd answers, or whose scope is active (then zoneadmd is
    // restarted with --adopt). Call once, before serving.
    void recover();

    // The verbs; each returns the notice line ("" or e.g. "zone is
    // already booted") and throws ZoneError with the illumos line.
    // Run on the zone's lane of the work queue.
    // Who may call them is decided before (authorize.hpp).
    // TL: where ready, boot and halt mark their phases, zoneadmd's
    // spliced in (zoneadm boot -v, the journal).
    std::string ready(const std::string& name, timing::Timeline* tl = nullptr);
    std::string boot(const std::string& name, const std::string& args, timing::Timeline* tl = nullptr);
    std::string halt(const std::string& name, timing::Timeline* tl = nullptr);
    // timeout: seconds init gets before the zone is halted (default 90).
    std::string shutdown(const std::string& name, bool reboot, const std::string& args,
                         std::optional<unsigned> timeout = {});
    std::string reboot(const std::string& name, const std::string& args);
    std::string apply(const std::string& name);

    // zonesd's unique bus name, the Controller of the scopes started from
    // now on. Call before serving (recover() may start scopes).
    void set_controller(std::string name) { options_.controller = std::move(name); }

    // How the watcher runs recovery on a zone's lane of the work queue
    // (so it serialises with the zone's verbs). Unset: on the watcher.
    using Scheduler = std::function<void(const std::string&, std::function<void()>)>;
    void set_scheduler(Scheduler s) { schedule_ = std::move(s); }

    // Stop watching (zonesd exits; zones and their zoneadmds live on).
    void stop();

private:
    std::string bring_up(const std::string& name, std::string_view verb, ZoneState done,
                         std::string_view already, const std::string& req, timing::Timeline& tl);
    struct Supervisor {
        pid_t pid = -1;
        sys::Fd pidfd;     // -1 when we did not start it (recovered)
        bool our_child = false;
    };
    struct Status {                 // zoneadmd's "state" reply
        ZoneState state = ZoneState::Ready;
        int id = -1;
    };

    std::filesystem::path run_dir(const std::string& name) const;
    std::filesystem::path socket_path(const std::string& name) const;

    // "STATE ID [INITPID]": zoneadmd's reply to `state`, and the "=" line
    // of its replies to ready and boot.
    static std::optional<Status> parse_status(const std::string& text);
    // zoneadmd's answer to `state`, nullopt when nobody answers.
    std::optional<Status> query(const std::string& name) const;
    // Send a request; returns the reply text after "ok" (maybe empty) or
    // throws ZoneError with zoneadmd's message.
    // With `tl`: the wait is the span `what`, zoneadmd's phases in it.
    // `state`: the reply's "=STATE ..." line, if it had one.
    std::string request(const std::string& name, const std::string& line, int timeout_ms,
                        timing::Timeline* tl = nullptr, std::string_view what = {},
                        std::string* state = nullptr) const;
    // The same for a reply already read (a fresh zoneadmd's answer to the
    // request that came with "go"); nullopt = zoneadmd went away.
    std::string answer(const std::string& name, std::optional<ZoneadmdReply> reply, timing::Timeline* tl,
                       std::string_view what, std::string* state,
                       std::string_view rest = "zonesd <-> zoneadmd: socket, wake-ups") const;
    // What a fresh zoneadmd said to the request that came with "go".
    struct FirstReply {
        bool taken = false;       // it answered on the start socket
        bool timed_out = false;   // it did not within the verb's time
        std::string text;         // the reply, as on its socket
    };

    // A running zoneadmd for `name` (started when there is none), with a
    // fresh zone ID written first when `new_id`.
    // SCOPE: whether zone-NAME.scope is active, if the caller just asked
    // systemd (no zoneadmd answered), so it is asked once per verb.
    // FIRST (ready/boot): the request a fresh zoneadmd is to run right
    // after its start-up, its reply in *first_reply; not taken when the
    // zoneadmd was there already or did not take it (then ask it).
    void ensure_zoneadmd(const std::string& name, std::optional<bool> scope, timing::Timeline* tl = nullptr,
                         const std::string& first = {}, FirstReply* first_reply = nullptr);
    // PREPARE (a fresh zoneadmd for ready/boot): it verifies and makes the
    // zone's user namespace while systemd creates the scope. FIRST: sent
    // with "go" (PROTOCOL.md), its reply read from the start socket.
    void start_zoneadmd(const std::string& name, bool adopt, bool prepare = false,
                        timing::Timeline* tl = nullptr, const std::string& first = {},
                        FirstReply* first_reply = nullptr);
    // Re-read zoneadmd's state into the Manager (or clear it); `known`:
    // the state a ready's or boot's reply carried ("STATE ID [INITPID]"),
    // which spares asking zoneadmd again.
    void publish(const std::string& name, std::string_view known = {});
    // Give back the zone ID `name` holds (RUN/NAME/zoneid), if any.
    void release_id(const std::string& name);
    // Boot: InvalidState unless every zone of its boot-after runs.
    void require_dependencies(const std::string& name) const;
    // A new zone ID for `name` in RUN/NAME/zoneid (zones/zone_id.hpp).
    int allocate_id(const std::string& name);
    // illumos' "restarted zoneadmd to recover" warning when a live
    // platform has no zoneadmd, else "".
    std::string recover_notice(const ZoneInfo& z, const std::optional<Status>& live, bool scope);
    // After a failed ready/boot: publish what is left, or clean up when
    // no platform came to be.
    void after_failure(const std::string& name);
    // Until zoneadmd stops answering (after halt/shutdown).
    void wait_gone(const std::string& name, timing::Timeline* tl = nullptr);
    // Something of a platform is left in RUN/NAME (pins, the platform mark).
    bool remnants(const std::string& name) const;
    // No zoneadmd answers: start one with --adopt when a platform (or a
    // part of one) or the scope is left; it takes the zone over or tears
    // the half-built platform down. Then publish the truth. On the lane.
    void revive(const std::string& name);
    // Run `job` on the zone's lane (the scheduler's, else here); its
    // exceptions are logged for the zone.
    void on_lane(const std::string& name, std::function<void()> job);
    // The zone is gone: give back its ID, forget its live state.
    void forget(const std::string& name);

    // One zoneadmd kept started ahead of need (zoneadmd --spare): a ready
    // takes it instead of spawning one, and the watcher thread starts the
    // next a moment after (runtime-spare.cpp).
    struct Spare {
        Child child;
        sys::Fd sock;        // our end of its fd 3
        sys::Fd wake;        // its fd 4: written once the order is on fd 3
        sys::Fd pidfd;
        dev_t dev = 0;       // the binary it runs
        ino_t ino = 0;
        bool exited() const;   // dead, or not to be told apart from dead (no pidfd)
    };
    // The spare, told to be NAME's zoneadmd: its child and start socket;
    // nullopt when there is none, it died, or the binary is another now.
    std::optional<std::pair<Child, sys::Fd>> take_spare(const std::string& name, bool prepare);
    // The watcher saw the spare's pidfd readable: reap it if it is dead.
    void drop_dead_spare();
    // Have the watcher start a spare `after` from now, if there is none.
    void want_spare(std::chrono::milliseconds after);
    void refill_spare();                    // the watcher, when due
    // zoneadmd's environment: nothing of zonesd's but JOURNAL_STREAM and
    // a test build's seams.
    static std::vector<std::string> zoneadmd_env();

    void watch_loop();
    void wake_watcher();
    // Watch RUN/NAME for a new zoneid: zoneadmd writes one when the zone
    // reboots from inside; then the Manager learns the new ID.
    void watch_ids(const std::string& name);
    // Read the inotify events: which zones' zoneid changed.
    std::vector<std::string> changed_ids();

    Manager& manager_;
    RuntimeOptions options_;

    std::mutex mu_;                                  // guards the maps
    std::map<std::string, Supervisor> supervisors_;
    std::map<int, std::string> id_watches_;          // inotify wd -> zone
    sys::Fd wake_fd_;                       // eventfd for the watcher
    sys::Fd inotify_;                       // RUN/NAME/zoneid of live zones
    std::atomic<bool> stopping_{false};
    std::thread watcher_;
    Scheduler schedule_;
    std::mutex spare_mu_;
    std::optional<Spare> spare_;
    std::atomic<std::int64_t> spare_due_{0};   // CLOCK_MONOTONIC ns; 0: none wanted
};

}  // namespace zones::daemon
