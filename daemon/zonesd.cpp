// zonesd: the org.zones.Manager service on the system bus.
//
//   zonesd [--root DIR]
//
// --root (or ZONES_ROOT) points the configuration store elsewhere than "/"
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
#include <string>
#include <thread>

#include <fmt/format.h>
#include <sdbus-c++/sdbus-c++.h>

#include "log.hpp"
#include "manager-dbus.hpp"
#include "manager.hpp"
#include "operation.hpp"
#include "runtime.hpp"
#include "scope.hpp"

namespace {

constexpr const char* kBusName = "org.zones.Manager";
// Lifecycle verbs wait on zoneadmd; enough workers that a few slow zones
// leave room for everyone else.
constexpr unsigned kWorkers = 8;

// LIBEXEC/zoneadmd; ZONES_ZONEADMD overrides it (tests).
std::filesystem::path zoneadmd_path() {
    if (const char* env = std::getenv("ZONES_ZONEADMD"); env != nullptr && *env != '\0')
        return env;
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
                 "  --root DIR  configuration store root (default /, or $ZONES_ROOT)\n");
}

}  // namespace

int main(int argc, char* argv[]) {
    using namespace zones::daemon;

    std::string root = "/";
    if (const char* env = std::getenv("ZONES_ROOT"); env != nullptr && *env != '\0')
        root = env;
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
        Runtime runtime(manager, runtime_options);
        WorkQueue queue(kWorkers);

        // Name last: Type=dbus readiness and activated callers must find
        // the objects already there.
        auto connection = sdbus::createSystemBusConnection();
        ManagerDbus dbus(*connection, manager, runtime, queue);
        manager.set_listener(&dbus);
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

        queue.stop();                // answer every queued call first
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
