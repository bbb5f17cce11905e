// zoneadmd -z NAME [--root STOREROOT] [--adopt | --prepare]: the platform
// process of one zone, inside zone-NAME.scope. zoneadmd --spare [--root
// STOREROOT]: the same, started ahead of need, told its zone on fd 3
// (spare.hpp). Single-threaded (sd-event):
// namespace calls and clone3 children need that. Start-up handshake on fd 3
// (PROTOCOL.md): with --prepare, verify and make the user namespace first;
// wait for "go", move into supervisor/, answer "ready" or "error MESSAGE".
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <systemd/sd-event.h>

#include "cgroup.hpp"
#include "control.hpp"
#include "log.hpp"
#include "plugins.hpp"
#include "sessions.hpp"
#include "spare.hpp"
#include "sys.hpp"
#include "zone_platform.hpp"
#include "zones/store.hpp"
#include "zones/zone_id.hpp"

using namespace zones;
using namespace zones::zoneadmd;

namespace {

constexpr int kHandshakeFd = 3;
constexpr int kSpareWakeFd = 4;   // a spare's wake-up (spare.hpp)

struct Args {
    std::string zone, root = "/";
    bool adopt = false;
    bool prepare = false;   // build what needs no cgroup while zonesd makes the scope
    bool spare = false;     // the zone comes on fd 3 (spare.hpp)
};

bool parse(int argc, char** argv, Args& a) {
    static const option opts[] = {{"zone", required_argument, nullptr, 'z'},
                                  {"root", required_argument, nullptr, 'R'},
                                  {"adopt", no_argument, nullptr, 'A'},
                                  {"prepare", no_argument, nullptr, 'P'},
                                  {"spare", no_argument, nullptr, 'S'},
                                  {nullptr, 0, nullptr, 0}};
    for (int c; (c = ::getopt_long(argc, argv, "z:R:", opts, nullptr)) != -1;) {
        if (c == 'z') a.zone = optarg;
        else if (c == 'R') a.root = optarg;
        else if (c == 'A') a.adopt = true;
        else if (c == 'P') a.prepare = true;
        else if (c == 'S') a.spare = true;
        else return false;
    }
    // A spare's command line ends in empty arguments: room for the name
    // it takes (spare.hpp).
    while (a.spare && optind < argc && argv[optind][0] == '\0') ++optind;
    if (optind != argc) return false;
    return a.spare ? a.zone.empty() && !a.adopt && !a.prepare : !a.zone.empty();
}

void mkdirs(const std::string& path, mode_t mode) {
    for (std::size_t p = 1; p != std::string::npos;) {
        p = path.find('/', p + 1);
        ::mkdir(path.substr(0, p).c_str(), mode);
    }
}

// Handshake on fd 3 when it is open (zonesd, tests); absent when run by hand.
class Handshake {
public:
    Handshake() : open_(::fcntl(kHandshakeFd, F_GETFD) >= 0) {
        if (open_) ::fcntl(kHandshakeFd, F_SETFD, FD_CLOEXEC);
    }
    bool open() const { return open_; }
    // "go", or "go REQUEST": a ready or boot to run as soon as we are up,
    // answered here rather than on our socket (PROTOCOL.md).
    bool wait_go() {
        if (!open_) return true;
        std::string line;
        char c;
        while (::read(kHandshakeFd, &c, 1) == 1 && c != '\n') line += c;
        if (line.rfind("go ", 0) == 0) {
            first_ = line.substr(3);
            const std::string_view verb = std::string_view(first_).substr(0, first_.find(' '));
            if (verb != "ready" && verb != "boot") first_.clear();   // not ours to take: zonesd asks again
            return true;
        }
        return line == "go";
    }
    const std::string& first() const { return first_; }
    // "ready" (kept open when a first request follows) or "error ...".
    void answer(const std::string& error) {
        if (!open_) {
            if (!error.empty()) std::fprintf(stderr, "%s\n", error.c_str());
            return;
        }
        send(error.empty() ? std::string("ready\n") : "error " + error + "\n");
        if (!error.empty() || first_.empty()) close();
    }
    // The first request's reply; EOF tells zonesd it is complete.
    void reply(std::string_view text) {
        if (!open_) return;
        send(text);
        close();
    }

private:
    // Without SIGPIPE: a zonesd that went away (restarted, gave up) must
    // not take a zoneadmd with a booted zone down with it.
    static void send(std::string_view text) {
        while (!text.empty()) {
            const ssize_t n = ::send(kHandshakeFd, text.data(), text.size(), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;
            text.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    // EOF for zonesd now, even while a child of ours still holds a copy
    // of fd 3 (CLOEXEC only goes at an exec).
    void close() {
        ::shutdown(kHandshakeFd, SHUT_WR);
        ::close(kHandshakeFd);
        open_ = false;
    }
    bool open_;
    std::string first_;
};

int on_log_timer(sd_event_source*, uint64_t, void* timer) {
    *static_cast<EventSource*>(timer) = EventSource();
    log_flush();
    return 0;
}

int on_signal(sd_event_source*, const signalfd_siginfo* si, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    if (si->ssi_signo == SIGHUP) z->detach();   // leave the zone to a zoneadmd --adopt
    else (void)z->halt();   // if it cannot finish, the zone stays down
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    timing::Timeline startup;   // zoneadm boot -v: where our start-up went
    startup.begin();
    // A child, client or journal stream that went away is an error on that
    // write, never our death (and the zone's processes start with every
    // disposition reset: reset_signals).
    ::signal(SIGPIPE, SIG_IGN);
    Args a;
    if (!parse(argc, argv, a)) {
        std::fprintf(stderr, "usage: zoneadmd -z|--zone NAME [-R|--root STOREROOT] [--adopt | --prepare]\n"
                             "       zoneadmd --spare [-R|--root STOREROOT]\n");
        return 2;
    }
    Handshake hs;
    PluginSet plugins;
    std::string spare_err;   // a spare's failure to load the plugins, told once it has a zone
    if (a.spare) {
        // What every zone's start loads, loaded before there is a zone.
        name_spare();
        if (!hs.open()) return 1;
        const std::string plugin_dir = PluginSet::default_dir();
        const std::string seen = PluginSet::signature(plugin_dir);
        spare_err = plugins.load(plugin_dir, "");
        const std::optional<SpareOrder> order = wait_for_zone(kHandshakeFd, kSpareWakeFd);
        ::close(kSpareWakeFd);
        if (!order) return 0;   // zonesd stopped
        a.zone = order->zone;
        a.prepare = order->prepare;
        // Plugins added, removed or replaced since: the zone gets what the
        // directory holds now, from a fresh start (same PID, same fd 3).
        if (PluginSet::signature(plugin_dir) != seen) {
            std::vector<std::string> args{"/proc/self/exe", "-z", a.zone};
            if (a.root != "/") args.insert(args.end(), {"--root", a.root});
            if (a.prepare) args.emplace_back("--prepare");
            std::vector<char*> av;
            for (std::string& s : args) av.push_back(s.data());
            av.push_back(nullptr);
            av[0] = argv[0];
            ::fcntl(kHandshakeFd, F_SETFD, 0);
            ::execv("/proc/self/exe", av.data());
            spare_err = errno_text("zoneadmd: exec", errno);   // reported below, as any start's failure
        }
        if (std::string e = name_as_zoneadmd(argc, argv, a.zone, a.root, a.prepare); !e.empty())
            logf(4, "spare zoneadmd for zone '{}': {}", a.zone, e);
        if (const std::string prefix = "zone '': "; spare_err.rfind(prefix, 0) == 0)
            spare_err.erase(0, prefix.size());
        if (!spare_err.empty()) spare_err = fmt::format("zone '{}': {}", a.zone, spare_err);
        startup.clear();   // the zone's start-up begins now
        startup.begin();
    }
    log_set_zone(a.zone, 0);
    Store store(a.root);
    Paths p;
    p.zone = a.zone;
    p.store_root = a.root;
    p.run = store.run_dir().string();
    p.zone_run = p.run + "/" + a.zone;
    p.ns_dir = p.zone_run + "/ns";
    p.console_log = (store.root() / "var/log/zones").string() + "/" + a.zone + ".console";

    // Prepare everything that can fail before "go", report it after.
    std::string err = spare_err;
    ZoneConfig cfg;
    try {
        auto entry = store.entry(a.zone);
        if (entry && entry->state == ZoneState::Configured)
            err = fmt::format("zone '{}': cannot manage a zone which is in state 'configured'", a.zone);
        else
            cfg = store.load(a.zone);
    } catch (const ZoneError& e) {
        err = e.what();
    }
    // One zoneadmd per zone: a second one (e.g. started to recover while
    // the first is merely stopped) must not touch the platform.
    Fd lock;
    bool locked = false;
    if (err.empty()) {
        mkdirs(p.zone_run, 0700);
        lock = Fd(::open((p.zone_run + "/zoneadmd.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
        if (!lock || ::flock(lock.get(), LOCK_EX | LOCK_NB) < 0) {
            std::string other;
            read_file(p.zone_run + "/zoneadmd.pid", other);
            while (!other.empty() && other.back() == '\n') other.pop_back();
            err = fmt::format("zone '{}': another zoneadmd manages the zone (pid {})", a.zone,
                              other.empty() ? "?" : other);
        } else {
            locked = true;
        }
    }
    if (err.empty() && !a.spare) err = plugins.load(PluginSet::default_dir(), a.zone);
    Cgroups cg;
    sd_event* ev = nullptr;
    sd_event_default(&ev);
    // A request's journal lines 20 ms after its reply (log.hpp), and at exit.
    EventSource log_timer;
    log_set_flusher([&log_timer, ev] {
        if (!log_timer.s && sd_event_add_time_relative(ev, &log_timer.s, CLOCK_MONOTONIC, 20000, 1000, on_log_timer,
                                                       &log_timer) < 0)
            log_flush();
    });
    const struct FlushAtExit {
        ~FlushAtExit() {
            log_set_flusher(nullptr);
            log_flush();
        }
    } flush_at_exit;
    int id = err.empty() ? zone_id::read(p.run, a.zone) : 0;   // zonesd wrote it before our start
    if (id != 0) log_set_zone(a.zone, id);
    ZonePlatform zone(ev, p, cfg, plugins, cg, id);
    startup.mark(a.spare ? "zoneadmd: configuration loaded (a spare: plugins loaded before)"
                         : "zoneadmd: configuration and plugins loaded");
    zone.timeline().add(startup.take());
    zone.timeline().begin_at(startup.last());
    // zonesd starts us with --prepare for ready and boot: the platform
    // that needs no cgroup of ours is built while systemd makes the scope.
    if (err.empty() && a.prepare && !a.adopt) zone.prepare();
    // Our cgroups are known only after "go": zonesd moves us into the
    // zone's scope between our start and that word.
    if (!hs.wait_go() && err.empty()) err = fmt::format("zone '{}': no go on fd 3", a.zone);
    zone.timeline().begin();
    if (err.empty())
        if (std::string e = cg.discover(a.zone); !e.empty()) err = fmt::format("zone '{}': {}", a.zone, e);
    if (err.empty())
        if (std::string e = cg.setup(); !e.empty()) err = fmt::format("zone '{}': cgroup: {}", a.zone, e);
    zone.timeline().mark("zoneadmd: supervisor/ and payload/ cgroups, moved into supervisor/");
    if (err.empty()) zone.start_ns_maker();   // the zone's namespaces made while we go on
    if (!err.empty()) {
        logf(3, "{}", err);
        if (zone.prepared()) (void)zone.halt();   // tear down what prepare() built, then answer
        hs.answer(err);
        cg.remove();
        if (locked) {   // leave RUN/NAME as we found it (zonesd removes its zoneid)
            ::unlink((p.zone_run + "/zoneadmd.lock").c_str());
            ::rmdir(p.zone_run.c_str());
        }
        sd_event_unref(ev);
        return 1;
    }

    mkdirs(p.zone_run, 0700);
    mkdirs(store.root() / "var/log/zones", 0700);
    if (id == 0) {
        id = zone_id::allocate(p.run, a.zone, err);
        zone.set_id(id);
    }
    log_set_zone(a.zone, id);
    replace_file(p.zone_run + "/zoneadmd.pid", std::to_string(::getpid()) + "\n");

    sigset_t mask;
    sigemptyset(&mask);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&mask, s);
    ::sigprocmask(SIG_BLOCK, &mask, nullptr);

    EventSource sig[3];
    int i = 0;
    for (int s : {SIGTERM, SIGINT, SIGHUP}) sd_event_add_signal(ev, &sig[i++].s, s, on_signal, &zone);
    if (a.adopt && err.empty()) err = zone.adopt();
    Control ctl;
    if (err.empty())
        err = ctl.listen(ev, p.zone_run + "/zoneadmd.sock",
                         [&](std::uint64_t conn, std::string_view req) { return zone.request(ctl, conn, req); });
    Sessions sessions(ev, p, cfg, zone, cg, ctl);   // zlogin (run, shell, console)
    ctl.set_session_handler([&](std::uint64_t conn, std::string_view req, std::vector<Fd>& fds) {
        return sessions.request(conn, req, fds);
    });
    zone.timeline().mark("zoneadmd: control socket");
    hs.answer(err);
    if (!err.empty()) {
        logf(3, "{}", err);
        zone.halt();
        sd_event_unref(ev);
        return 1;
    }
    // The request that came with "go", as if it came on our socket.
    if (!hs.first().empty()) {
        const LogAfterReply later;
        const std::optional<std::string> r = zone.request(ctl, 0, hs.first());
        // ready and boot always answer at once; should one not, say so.
        hs.reply(r ? *r : fmt::format("error zone '{}': no answer to {}", a.zone, hs.first()));
    }
    // Start-up (config, plugins, platform) is done: give the heap back.
    ::malloc_trim(0);
    sd_event_loop(ev);
    ctl.close_listener();
    if (zone.phase() == Phase::Down && zone.finished()) ::rmdir(p.zone_run.c_str());
    for (auto& s : sig) s = EventSource();
    sd_event_unref(ev);
    return 0;
}
