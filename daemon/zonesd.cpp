// zonesd: the org.zones.Manager service on the system bus.
//
//   zonesd [--root DIR]
//
// --root points the configuration store elsewhere than "/"
// (ROOT/etc/zones, ROOT/run/zones); tests use it with a private bus given in
// DBUS_SYSTEM_BUS_ADDRESS.
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>

#include "audit.hpp"
#include "authorize.hpp"
#include "log.hpp"
#include "login.hpp"
#include "manager-dbus.hpp"
#include "manager.hpp"
#include "operation.hpp"
#include "runtime.hpp"
#include "polkit.hpp"
#include "scope.hpp"
#include "sys/test_hooks.hpp"
#include "grace.hpp"
#include "zone-calls.hpp"
#include "zone-units.hpp"

namespace {

constexpr const char* kBusName = "org.zones.Manager";
// Lifecycle verbs wait on zoneadmd; enough workers that a few slow zones
// leave room for everyone else.
constexpr unsigned kWorkers = 8;
// The lane of the scans for systemctl enable/disable (never a zone name:
// those start with a letter or digit).
constexpr const char* kUnitsLane = "#units";
// Unprivileged callers' reads and authorizations: their own workers, one
// lane per uid, bounded in all and per user (then org.zones.Error.Busy),
// so a flood from one user never delays or fills root's queue above.
constexpr unsigned kUserWorkers = 4;
// Per user above the bus daemon's 128 pending calls per connection, so one
// connection (zones-exporter asks for every zone at once) meets the bus's
// limit before ours; more connections meet ours.
constexpr std::size_t kUserMaxPending = 1024;
constexpr std::size_t kUserMaxPerUser = 256;

// LIBEXEC/zoneadmd, or a test build's ZONES_ZONEADMD (a fake, PROTOCOL.md).
std::filesystem::path zoneadmd_path() {
    if (const char* fake = zones::sys::test_hook(zones::sys::Hook::Zoneadmd))
        return fake;
    return ZONES_ZONEADMD_PATH;
}

// Deep zone trees are removed with one fd per level; do not run out.
void raise_fd_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

void usage(std::FILE* to) {
    std::fprintf(to,
                 "usage: zonesd [--root DIR]\n"
                 "  --root DIR  configuration store root (default /)\n");
}

// Matches on zonesd's own connection: RequestStop for the scopes it
// controls (systemctl stop zone-NAME.scope -> an orderly halt), and
// UnitFilesChanged (systemctl enable/disable zone@NAME -> autoboot).
std::vector<sdbus::Slot> watch_systemd(sdbus::IConnection& connection,
                                       zones::daemon::Runtime& runtime,
                                       zones::daemon::WorkQueue& queue,
                                       zones::daemon::ZoneUnits& units) {
    using namespace zones::daemon;
    std::vector<sdbus::Slot> slots;
    runtime.set_controller(connection.getUniqueName());
    // Only systemd's word counts: the halt runs only while the scope is
    // really being stopped, so a forged signal halts nothing.
    slots.push_back(connection.addMatch(
        "type='signal',interface='org.freedesktop.systemd1.Scope',member='RequestStop'",
        [&runtime, &queue](sdbus::Message& msg) {
            const std::optional<std::string> zone = zone_from_scope_path(msg.getPath());
            if (!zone)
                return;
            const std::string name = *zone;
            const std::string from = msg.getSender();
            queue.submit(name, [&runtime, name, from] {
                try {
                    if (!zone_scope_stopping(name)) {
                        // Journald rate-limits a flood of these.
                        log_info(name, fmt::format("RequestStop from {} ignored: the scope is not "
                                                   "being stopped", from));
                        return;
                    }
                    log_info(name, "scope stop requested: halting the zone");
                    // systemd (PID 1) asks, for whoever stopped the scope.
                    AuditRecord r{name, "halt", 0, "root", 1, "ok", "root", "", 0};
                    try {
                        runtime.halt(name);
                    } catch (const std::exception& e) {
                        r.result = "failed";
                        r.detail = e.what();
                    }
                    audit(r);
                } catch (const std::exception& e) {
                    log_error(name, fmt::format("cannot halt on the scope's stop: {}", e.what()));
                }
            });
        }));
    if (units.active()) {
        slots.push_back(connection.addMatch(
            "type='signal',sender='org.freedesktop.systemd1',path='/org/freedesktop/systemd1',"
            "interface='org.freedesktop.systemd1.Manager',member='UnitFilesChanged'",
            [&queue, &units](sdbus::Message& /*msg*/) {
                // One scan per burst of changes, on a lane of its own; then
                // only the zones whose unit's entries changed, each on its lane.
                if (!units.request_scan())
                    return;
                const bool queued = queue.submit(kUnitsLane, [&queue, &units] {
                    for (const std::string& name : units.changed_zones())
                        queue.submit(name, [&units, name] { units.adopt_unit_state(name); });
                });
                if (!queued) {
                    // Nothing is lost: the next change's scan is compared
                    // with the last one that ran.
                    units.scan_not_queued();
                    log_error("", "zonesd is busy: unit file changes are taken in at the next one");
                }
            }));
        // systemd sends Manager signals on the system bus only while
        // someone is subscribed.
        try {
            auto proxy = sdbus::createProxy(connection, "org.freedesktop.systemd1",
                                            "/org/freedesktop/systemd1");
            proxy->callMethod("Subscribe").onInterface("org.freedesktop.systemd1.Manager");
        } catch (const std::exception& e) {
            log_error("", fmt::format("cannot subscribe to systemd: {}", e.what()));
        }
    }
    return slots;
}

}  // namespace

int main(int argc, char* argv[]) {
    using namespace zones::daemon;

    std::string root = "/";
    static const option long_options[] = {
        {"root", required_argument, nullptr, 'r'},
        {"help", no_argument, nullptr, 'h'},
        {nullptr, 0, nullptr, 0},
    };
    for (int c; (c = getopt_long(argc, argv, "h", long_options, nullptr)) != -1;) {
        switch (c) {
        case 'r':
            root = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return 2;
    }

    // Block the signals we handle before any thread exists, so every
    // thread (workers, the bus) inherits the mask and only sigwait sees them.
    sigset_t handled;
    sigemptyset(&handled);
    for (int s : {SIGTERM, SIGINT, SIGHUP})
        sigaddset(&handled, s);
    pthread_sigmask(SIG_BLOCK, &handled, nullptr);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();

    try {
        Manager manager(std::filesystem::path{root});
        RuntimeOptions runtime_options;
        runtime_options.store_root = root;
        runtime_options.zoneadmd = zoneadmd_path();
        runtime_options.use_systemd = have_systemd();
        // A spare zoneadmd only of the real binary (the tests' fake takes no --spare).
        runtime_options.spare = runtime_options.use_systemd && !zones::sys::test_hook(zones::sys::Hook::Zoneadmd);
        GracePrimer primer;    // before the queue: its jobs kick it until they stop
        Runtime runtime(manager, runtime_options);
        // Each worker opens its system bus connection at once (scope.hpp).
        WorkQueue queue(kWorkers, WorkQueue::kMaxPending, WorkQueue::kNoKeyLimit,
                        runtime_options.use_systemd ? std::function<void()>(warm_thread_bus) : nullptr);
        WorkQueue users(kUserWorkers, kUserMaxPending, kUserMaxPerUser);
        Polkit polkit;
        Authority authority(manager.store(), polkit, users);
        Logins logins(manager, manager.store().run_dir());
        ZoneCalls calls(manager, runtime, logins, authority, queue, users);
        calls.set_primer(&primer);
        // A dead zoneadmd is replaced on its zone's lane, after any verb.
        runtime.set_scheduler([&queue](const std::string& name, std::function<void()> job) {
            queue.submit(name, std::move(job));
        });
        // zone@NAME.service follows autoboot only for the real store.
        ZoneUnits units(manager, runtime_options.use_systemd && root == "/");

        // Name last: Type=dbus readiness and activated callers must find
        // the objects already there.
        auto connection = sdbus::createSystemBusConnection();
        ManagerDbus dbus(*connection, manager, calls);
        manager.set_listener(&dbus);
        dbus.set_zone_units(&units);
        std::vector<sdbus::Slot> matches;
        if (runtime_options.use_systemd)
            matches = watch_systemd(*connection, runtime, queue, units);
        try {
            manager.refresh();
        } catch (const std::exception& e) {
            // Serve anyway: a damaged index is reported per call and can
            // only be repaired through a running service.
            log_error("", fmt::format("cannot read the store: {}", e.what()));
        }
        // Zones that stayed up while zonesd was away (or restarted).
        try {
            runtime.recover();
        } catch (const std::exception& e) {
            log_error("", fmt::format("cannot recover live zones: {}", e.what()));
        }
        // systemctl enable/disable while zonesd was away: the units win
        // once, then autoboot drives them (zone-units.hpp).
        units.start_up();
        connection->requestName(kBusName);
        log_info("", fmt::format("serving {} (store root {})", kBusName, root));

        std::atomic<bool> stopping{false};
        std::thread signals([&] {
            for (;;) {
                int sig = 0;
                if (sigwait(&handled, &sig) != 0)
                    continue;
                if (stopping)
                    return;
                if (sig == SIGHUP) {
                    // Re-read the store after hand edits.
                    queue.submit(unordered_key(), [&manager] { manager.refresh(); });
                    continue;
                }
                log_info("", fmt::format("{}: shutting down", strsignal(sig)));
                stopping = true;
                connection->leaveEventLoop();
                return;
            }
        });

        int status = 0;
        try {
            connection->enterEventLoop();
        } catch (const std::exception& e) {
            log_error("", fmt::format("bus connection failed: {}", e.what()));
            status = 1;
        }
        if (!stopping.exchange(true))
            pthread_kill(signals.native_handle(), SIGTERM);   // wake sigwait
        signals.join();

        // Answer every queued call first: unprivileged ones (whose
        // authorizations may still queue work), then polkit's, then root's.
        users.stop();
        polkit.stop();
        queue.stop();
        runtime.stop();
        manager.set_listener(nullptr);
        try {
            connection->releaseName(kBusName);
        } catch (const std::exception&) {
        }
        return status;
    } catch (const std::exception& e) {
        log_error("", fmt::format("cannot start: {}", e.what()));
        return 1;
    }
}
