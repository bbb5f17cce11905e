#include "zone_platform.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>

#include "busy.hpp"
#include "hostid.hpp"
#include "idshift.hpp"
#include "log.hpp"
#include "mounts.hpp"
#include "netif.hpp"
#include "sys.hpp"
#include "zones/idmap.hpp"
#include "zones/zone_id.hpp"

namespace zones::zoneadmd {
namespace {

std::vector<std::string> split_args(std::string_view s) {
    std::vector<std::string> v;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
        if (j > i) v.emplace_back(s.substr(i, j - i));
        i = j;
    }
    return v;
}

// How long SIGKILLed zone processes get to die before halt reports them.
constexpr int kKillMs = 1000;
// How long init gets: its death waits for every process of its PID
// namespace, and a capped zone's (capped-cpu) dying fork bomb gets the CPU
// in slices: more than a second on a loaded host. Only a task that cannot
// die (frozen) waits all of it; zonesd's shortest wait for a halt is 5 s.
constexpr int kInitDeathMs = 4000;

}  // namespace

std::string_view phase_name(Phase p) {
    switch (p) {
    case Phase::Installed: return "installed";
    case Phase::Ready: return "ready";
    case Phase::Running: return "running";
    case Phase::ShuttingDown: return "shutting_down";
    case Phase::Down: return "down";
    }
    return "down";
}

void test_pause(const std::string& zone_run, std::string_view step) {
    static const char* file = sys::test_hook(sys::Hook::TestPause);
    if (!file) return;
    std::string want;
    if (!read_file(file, want) || want.substr(0, want.find('\n')) != step) return;
    ::unlink(file);   // one shot: the zoneadmd that recovers must not stop too
    replace_file(zone_run + "/paused", std::string(step) + "\n");
    ::raise(SIGSTOP);
    ::unlink((zone_run + "/paused").c_str());
}

ZonePlatform::ZonePlatform(sd_event* ev, Paths paths, ZoneConfig& cfg, PluginSet& plugins, Cgroups& cg,
                           int id)
    : ev_(ev), p_(std::move(paths)), cfg_(cfg), plugins_(plugins), cg_(cg), id_(id) {
    // A user namespace unless the zone opts out: attr name=userns value=false.
    spec_.userns = true;
    for (const auto& a : cfg_.attrs)
        if (a.name == "userns" && (a.value == "false" || a.value == "0" || a.value == "no")) spec_.userns = false;
}

Context ZonePlatform::context() const {
    return Context{p_.zone, id_, cfg_, cfg_.zonepath, cfg_.zonepath + "/root", p_.zone_run, pins_.view(),
                   cg_.payload_dirs()};
}

std::string ZonePlatform::err_reply(const std::string& line) const {
    const std::string prefix = fmt::format("zone '{}': ", p_.zone);
    return "error " + (line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : line);
}

// One hook of every plugin in order, each a phase; the first failure ends it.
std::string ZonePlatform::each_plugin(Result (Subsystem::*hook)(const Context&) noexcept, std::string_view what) {
    const Context ctx = context();
    for (Subsystem* s : plugins_.in_order()) {
        Result r = (s->*hook)(ctx);
        timeline_.mark(fmt::format("plugin {}: {}", s->name(), what));
        if (!r.ok()) return r.error;
    }
    return {};
}

std::string ZonePlatform::verify() { return each_plugin(&Subsystem::verify, "verify"); }

// What of the platform needs no cgroup of ours: RUN private, the zone's
// /etc/hostid, stale pins gone, and the zone's user namespace (id range,
// maps; the id shift of the root is decided here and done beside the
// platform helper). zoneadmd --prepare does it before "go",
// while systemd makes the scope. Everything after it must be made in payload/: the cgroup
// namespace is rooted at its maker's cgroup, and a new net namespace's
// kernel sockets (NDP, IGMP) belong to its maker's cgroup, whose BPF
// filters (zones.service: IPAddressDeny=any) would then bind the zone.
std::string ZonePlatform::build_userns() {
    const std::string root = cfg_.zonepath + "/root";
    auto fail = [&](std::string_view cause) { return fmt::format("zone '{}': platform: {}", p_.zone, cause); };
    if (std::string e = make_run_private(p_.run); !e.empty()) return fail(e);
    if (std::string e = open_mnt_template(p_.run, mnt_template_); !e.empty()) return fail(e);
    // Before the id shift, which then gives it to zone root.
    if (std::string e = write_hostid(cfg_); !e.empty()) return fmt::format("zone '{}': {}", p_.zone, e);
    unpin_namespaces(p_.ns_dir);   // stale pins of a zoneadmd that died without halt
    // What a procfs of the zone will show, for init's masks: probed here,
    // beside the scope, not on a boot's way (the probe's mount is dissolved).
    if (proc_files_.empty()) {
        Fd probe;
        proc_files_ = proc_files_present(probe);
        retire(std::move(probe));
    }
    timeline_.mark("zoneadmd: run directory, hostid");
    const std::filesystem::path zones_dir = std::filesystem::path(p_.store_root) / "etc/zones";
    try {
        // Where the root's owners are now: recorded (a clone, an attached
        // zone, any zone readied since), else the zone's own range if it
        // has one (readied before the record existed), else host ids.
        const std::optional<std::uint32_t> recorded = idmap::read_root_base(cfg_.zonepath);
        std::optional<std::uint32_t> from = recorded;
        if (!from) from = idmap::lookup(zones_dir, p_.zone);
        if (spec_.userns) {
            // The zone's own user namespace first (architecture §1, §7).
            id_base_ = idmap::allocate(zones_dir, p_.zone);
            if (std::string e = make_userns(id_base_, pins_.user, &ns_maker_); !e.empty()) return fail(e);
            // The root's owners into the range: no process of the zone
            // runs before the platform is built, so the walk is done while
            // the helper works (build_platform), not here, where it was the
            // longest part of what zoneadmd does beside systemd's scope.
            // What the helper makes in the root (mount points, as host
            // root) the walk may see or not: both are safe, and its ctime
            // is after the stamp, so the next ready looks at it. The root
            // itself now: the dev plugin gives its /dev the root's owner.
            if (std::string e = shift_root(root, from, id_base_); !e.empty()) return fail(e);
            shift_ = PendingShift{from, recorded};
            timeline_.mark("zoneadmd: user namespace (id range, maps)");
        } else if (from) {
            // attr userns=false: the zone's root is host root, its files host ids.
            idmap::remove_shift_stamp(cfg_.zonepath);   // even if this walk stops halfway
            if (std::string e = shift_ids(root, from, 0); !e.empty()) return fail(e);
            idmap::write_root_base(cfg_.zonepath, std::nullopt);
        }
    } catch (const ZoneError& e) {
        return fail(e.what());
    }
    return {};
}

// The id shift of the root into the zone's range (idshift.hpp). When the
// root's owners are already there and the stamp of the last whole shift
// holds, only directories changed since are looked into: a root that did
// not change costs a walk of its directories, not a stat of every file.
std::string ZonePlatform::shift_into_range(const std::string& root, std::optional<std::uint32_t> from,
                                           std::optional<std::uint32_t> recorded) {
    timespec real {}, boot {};
    ::clock_gettime(CLOCK_REALTIME, &real);
    ::clock_gettime(CLOCK_BOOTTIME, &boot);
    const std::int64_t real_ns = real.tv_sec * 1000000000LL + real.tv_nsec;
    const std::int64_t boot_ns = boot.tv_sec * 1000000000LL + boot.tv_nsec;
    std::string boot_id;
    if (read_file("/proc/sys/kernel/random/boot_id", boot_id))
        while (!boot_id.empty() && boot_id.back() == '\n') boot_id.pop_back();
    std::optional<timespec> since;
    if (from == id_base_ && boot_id.size() == 36)
        if (auto st = idmap::read_shift_stamp(cfg_.zonepath);
            st && st->base == id_base_ && st->boot_id == boot_id && ctimes_comparable(root, cfg_.zonepath)) {
            // The wall clock never went back since the stamp (then a
            // change could carry an earlier ctime): against the boot
            // clock it lost no more than NTP's slewing (500 ppm) and a
            // second. Any other boot: a whole walk.
            const std::int64_t stamp_ns = st->sec * 1000000000LL + st->nsec;
            const std::int64_t lost = (stamp_ns - st->boot_ns) - (real_ns - boot_ns);
            const std::int64_t allowed = 1000000000LL + (boot_ns - st->boot_ns) / 2000;
            if (stamp_ns <= real_ns && lost <= allowed) since = timespec{st->sec, st->nsec};
        }
    // Before a whole walk the old stamp goes, so that a walk that stops
    // halfway leaves none behind.
    if (!since) idmap::remove_shift_stamp(cfg_.zonepath);
    // The file systems' clock is the kernel's coarse one (and ext3's has
    // whole seconds): a change made just after now can carry an earlier
    // ctime. Two seconds are ample.
    const idmap::ShiftStamp stamp{id_base_, real.tv_sec - 2, real.tv_nsec, boot_ns - 2000000000LL, boot_id};
    ShiftCount n;
    if (std::string e = shift_ids(root, from, id_base_, since, &n); !e.empty()) return e;
    if (recorded != id_base_) idmap::write_root_base(cfg_.zonepath, id_base_);   // removes the stamp
    // Unchanged since the last stamp: it still holds, and is kept. It is
    // only a saving: failing to write it fails nothing.
    if ((!since || n.looked > 0) && boot_id.size() == 36) {
        try {
            idmap::write_shift_stamp(cfg_.zonepath, stamp);
        } catch (const ZoneError& e) {
            logf(4, "id shift: {}", e.what());
        }
    }
    shift_note_ = since ? fmt::format("id shift: looked into {} of {} directories", n.looked, n.dirs)
                        : fmt::format("id shift: all {} directories looked into", n.dirs);
    return {};
}

std::string ZonePlatform::run_pending_shift() {
    if (!shift_) return {};
    const PendingShift p = *shift_;
    shift_.reset();
    timing::Span span{"zoneadmd: id shift of the root", timing::now_ns(), 0, true, {}};
    std::string e = shift_into_range(cfg_.zonepath + "/root", p.from, p.recorded);
    span.end_ns = timing::now_ns();
    timeline_.add(std::move(span));
    return e;
}

void ZonePlatform::start_ns_maker() {
    if (!ns_maker_ || ns_maker_.started) return;
    std::string e = cg_.attach(ns_maker_.child.pid(), false);
    if (!e.empty()) e = "namespaces in the zone's user namespace: " + e;
    if (e.empty()) e = start_owned_namespaces(ns_maker_);
    if (!e.empty()) {
        ns_maker_err_ = std::move(e);
        ns_maker_ = NsMaker();
        return;
    }
    timeline_.mark("zoneadmd: namespaces' maker moved into payload/ cgroups (it makes them meanwhile)");
}

// The plugins' part of a ready that needs none of the zone's cgroups or
// namespaces, beside the scope.
std::string ZonePlatform::prepare_plugins() { return each_plugin(&Subsystem::prepare_host, "prepare_host"); }

void ZonePlatform::prepare() {
    prepared_ = true;
    prepare_err_ = verify();
    if (prepare_err_.empty()) prepare_err_ = prepare_plugins();
    if (prepare_err_.empty()) prepare_err_ = build_userns();
    if (prepare_err_.empty()) test_pause(p_.zone_run, "prepare");
}

// The platform helper: new mount, UTS, net and cgroup namespaces (the
// cgroup one rooted at payload/), mounts by the plugins, pivot_root,
// console; zoneadmd pins the namespaces and the helper exits, leaving no
// process of the zone behind.
std::string ZonePlatform::build_platform(bool stem) {
    const std::string root = cfg_.zonepath + "/root";
    auto fail = [&](std::string_view cause) { return fmt::format("zone '{}': platform: {}", p_.zone, cause); };
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return fail(errno_text("socketpair", errno));
    Fd mine(sv[0]), theirs(sv[1]);
    Fd cgfd = cg_.payload_v2_fd();
    bool into_v2 = false;
    std::string err;
    const std::uint64_t pinner_ns = mnt_ns_id();   // ours: the zone's must be above it
    // Only the helper needs the template: no zoneadmd keeps one alive.
    Fd tmpl = std::move(mnt_template_);
    // What the helper binds from the host (the root, the sparse
    // directories, the fs resources' specials) as the host sees it: the
    // template must show the same, or it missed a mount.
    std::vector<std::string> sources{root};
    for (const auto& i : cfg_.ipds) sources.push_back(i.dir);
    for (const auto& f : cfg_.fs)
        if (!f.special.empty() && f.special[0] == '/') sources.push_back(f.special);
    auto identity = [&] {
        std::vector<std::pair<dev_t, ino_t>> v;
        for (const std::string& p : sources) {
            struct stat st {};
            v.emplace_back(::stat(p.c_str(), &st) == 0 ? std::pair{st.st_dev, st.st_ino} : std::pair{dev_t{}, ino_t{}});
        }
        return v;
    };
    const auto host_view = tmpl ? identity() : decltype(identity()){};
    // With a user namespace its maker makes the others meanwhile.
    if (pins_.user) {
        start_ns_maker();
        if (!ns_maker_err_.empty()) return fail(std::exchange(ns_maker_err_, {}));
    }
    Child helper = spawn(0, cgfd.get(), into_v2, [&]() -> int {
        mine.reset();
        const int s = theirs.get();
        auto bail = [&](const std::string& line) { send_fds(s, line); return 1; };
        std::string go;
        std::vector<Fd> owned;   // with a user namespace: its UTS, net and cgroup namespaces
        if (!recv_fds(s, go, owned) || go != "g") return 1;
        timing::Timeline tl;   // ours, sent with "ok"
        tl.begin();
        // Copy the template (no zone's pins), not the host's table. If a
        // path we bind from the host is not the same there (a mount that
        // did not reach it), copy the host's and drop the template for a
        // fresh one.
        if (tmpl) {
            Fd host(::open("/proc/thread-self/ns/mnt", O_RDONLY | O_CLOEXEC));
            if (!host || ::setns(tmpl.get(), CLONE_NEWNS) < 0)
                return bail(fail(errno_text("enter the mount namespace template", errno)));
            if (identity() != host_view) {
                if (::setns(host.get(), CLONE_NEWNS) < 0) return bail(fail(errno_text("setns host", errno)));
                drop_mnt_template(p_.run, tmpl.get());
                tl.mark("platform helper: stale mount namespace template dropped");
            }
        }
        if (pins_.user) {
            if (owned.size() != 3) return bail(fail("the zone's namespaces were not sent"));
            static constexpr int kOwned[] = {CLONE_NEWUTS, CLONE_NEWNET, CLONE_NEWCGROUP};
            for (std::size_t i = 0; i < owned.size(); ++i)
                if (::setns(owned[i].get(), kOwned[i]) < 0) return bail(fail(errno_text("setns", errno)));
            owned.clear();
            if (::unshare(CLONE_NEWNS) < 0) return bail(fail(errno_text("unshare", errno)));
        } else if (::unshare(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWCGROUP) < 0) {
            return bail(fail(errno_text("unshare", errno)));
        }
        tl.mark("platform helper: namespaces (mount, UTS, net, cgroup)");
        std::string e = ensure_mnt_ns_newer_than(pinner_ns);
        if (e.empty()) e = make_rslave();
        if (e.empty() && ::sethostname(p_.zone.data(), p_.zone.size()) < 0) e = errno_text("sethostname", errno);
        if (e.empty()) e = loopback_up();
        if (e.empty()) e = bind_root(root);
        if (!e.empty()) return bail(fail(e));
        tl.mark("platform helper: root, hostname, loopback");
        const Context ctx = context();
        for (Subsystem* sub : plugins_.in_order()) {
            if (Result r = sub->setup_mounts(ctx); !r.ok()) return bail(r.error);
            tl.mark(fmt::format("plugin {}: setup_mounts (mounts)", sub->name()));
        }
        Fd master, slave;
        e = pivot_into(root);
        if (e.empty()) e = publish_zonename(p_.zone);
        if (e.empty()) e = open_console(master, slave);
        if (e.empty()) e = make_rshared();
        if (!e.empty()) return bail(fail(e));
        tl.mark("platform helper: pivot_root, console");
        send_fds(s, "ok\n" + timing::serialize(tl.spans()), {master.get(), slave.get()});
        char done;
        [[maybe_unused]] ssize_t n = ::read(s, &done, 1);   // until pinned
        return 0;
    }, err);
    if (!helper) return fail(err);
    theirs.reset();
    if (std::string e = cg_.attach(helper.pid(), into_v2); !e.empty()) return fail(e);
    timeline_.mark("zoneadmd: platform helper spawned into payload/ cgroups");
    if (stem) {   // now, while the move above keeps the next one cheap (init.hpp)
        if (std::string e = spawn_init(spec_, p_.ns_dir, cg_, stem_); !e.empty()) return fail(e);
        timeline_.mark("zoneadmd: init process spawned into payload/ cgroups");
    }
    std::vector<Fd> owned;
    if (pins_.user)
        if (std::string e = take_owned_namespaces(ns_maker_, owned); !e.empty()) return fail(e);
    std::vector<int> owned_fds;
    for (const Fd& f : owned) owned_fds.push_back(f.get());
    if (!send_fds(mine.get(), "g", owned_fds)) return fail(errno_text("helper sync", errno));
    owned.clear();
    const std::string shift_err = run_pending_shift();   // beside the helper, on the other CPU
    std::string text;
    std::vector<Fd> pty;
    if (!recv_fds(mine.get(), text, pty)) text = fail("helper died");
    if (text != "ok" && text.rfind("ok\n", 0) != 0) return text;
    timeline_.wait("platform helper", "platform helper: wake-ups, messages");
    timeline_.splice(timing::parse(text));
    if (pty.size() != 2) return fail("helper sent no console");
    Fd master = std::move(pty[0]), slave = std::move(pty[1]);
    // With a user namespace the console belongs to zone root (tty group 5),
    // before init (zone root) may open it.
    if (pins_.user && ::fchown(slave.get(), id_base_, id_base_ + 5) < 0)
        return fail(errno_text("console owner", errno));
    if (stem && shift_err.empty()) let_stem_join_helper(helper.pid());   // while we pin
    std::string e = pin_namespaces(helper.pid(), p_.ns_dir, pins_.user ? pins_.user.get() : -1);
    test_pause(p_.zone_run, "ready");
    send_fds(mine.get(), "x");
    int code = 0, status = 0;
    helper.wait(code, status);
    if (e.empty()) e = open_pins(p_.ns_dir, pins_);
    if (!e.empty()) return fail(e);
    ns_maker_ = NsMaker();   // reaped: it exited after sending them
    timeline_.mark("zoneadmd: namespaces pinned");
    if (!shift_err.empty()) return fail(shift_err);   // ready() halts: the helper is gone, its namespaces pinned
    if (stem) let_stem_join(stem_);   // it joins them while the ready finishes
    std::string c = attach_console(std::move(master), std::move(slave));
    timeline_.mark("zoneadmd: console");
    return c;
}

// A boot from installed: the stem joins the platform's namespaces from
// the helper, which holds them until we let it go, so that its work (init's
// namespaces, /proc) is done while we pin them and finish the ready. The
// helper is our unreaped child: its PID is its own. If one cannot be
// opened, the stem joins after the pins, from them.
void ZonePlatform::let_stem_join_helper(pid_t helper) {
    std::array<Fd, kPinned.size()> ns;
    std::vector<int> fds;
    for (std::size_t i = 0; i < kPinned.size(); ++i) {
        ns[i] = Fd(::open(fmt::format("/proc/{}/ns/{}", helper, kPinned[i]).c_str(), O_RDONLY | O_CLOEXEC));
        if (!ns[i]) return;
        fds.push_back(ns[i].get());
    }
    if (pins_.user) fds.push_back(pins_.user.get());
    let_stem_join(stem_, fds);
}

std::string ZonePlatform::attach_console(Fd master, Fd slave) {
    console_src_ = EventSource();
    console_master_ = std::move(master);
    console_slave_ = std::move(slave);   // held open: the master never sees a hangup
    ::fcntl(console_master_.get(), F_SETFL, O_NONBLOCK);
    if (sd_event_add_io(ev_, &console_src_.s, console_master_.get(), EPOLLIN, on_console, this) < 0)
        return fmt::format("zone '{}': console: sd_event_add_io failed", p_.zone);
    if (std::string e = log_.open(p_.console_log); !e.empty()) logf(4, "console log: {}", e);
    log_.set_master(console_master_.get());   // zlogin -C types here (sessions.cpp)
    return {};
}

int ZonePlatform::on_console(sd_event_source*, int fd, uint32_t, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            z->log_.append(std::string_view(buf, static_cast<std::size_t>(n)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
}

std::string ZonePlatform::ready(const std::vector<std::string>* boot_args) {
    std::string e;
    if (prepared_) {   // zoneadmd --prepare did the first part before "go"
        e = std::move(prepare_err_);
        prepared_ = false;
    } else {
        e = verify();
        if (e.empty()) e = prepare_plugins();
        if (e.empty()) e = build_userns();
    }
    if (e.empty() && boot_args) e = make_spec(*boot_args);   // needs the user namespace (or not)
    if (e.empty()) e = build_platform(boot_args != nullptr);
    const Context ctx = context();
    if (e.empty())
        for (Subsystem* s : plugins_.in_order()) {
            Result r = s->setup_host(ctx);
            timeline_.mark(fmt::format("plugin {}: setup_host", s->name()));
            if (!r.ok()) {
                e = r.error;
                break;
            }
        }
    if (!e.empty()) {
        logf(3, "{}", e);
        (void)halt();   // a halt that cannot finish leaves the zone down
        return e;
    }
    test_pause(p_.zone_run, "host");
    // The platform is complete: a zoneadmd --adopt may take it over (without
    // this mark it tears the half-built or half-torn-down platform down).
    replace_file(p_.zone_run + "/platform", "complete\n", 0600);
    phase_ = Phase::Ready;
    log_.notice("Zone readied");
    logf(6, "ready, zone ID {}{}", id_, shift_note_.empty() ? "" : " (" + shift_note_ + ")");
    shift_note_.clear();
    return {};
}

std::string ZonePlatform::init_path() const {
    if (const char* test_init = sys::test_hook(sys::Hook::Init)) return test_init;   // a path inside the zone
    return os_init() ? "/sbin/init" : ZONES_ZINIT_PATH;
}

// Whole-root brands boot the root's own init (systemd in a Debian root);
// sparse zones zinit from the host's /usr.
bool ZonePlatform::os_init() const { return cfg_.brand != kDefaultBrand; }

std::string ZonePlatform::make_spec(const std::vector<std::string>& args) {
    spec_.init = init_path();
    spec_.args = args;
    spec_.userns = static_cast<bool>(pins_.user);
    if (std::string e = priv::expand(cfg_, spec_.userns, spec_.limits); !e.empty())
        return fmt::format("zone '{}': {}", p_.zone, e);
    std::string err;
    if (!(spec_.seccomp = confine::seccomp_for(spec_.limits, err))) return fmt::format("zone '{}': {}", p_.zone, err);
    spec_.system = os_init();
    spec_.root_uid = spec_.userns ? id_base_ : 0;
    if (proc_files_.empty()) {   // an adopted platform's first boot
        Fd probe;
        proc_files_ = proc_files_present(probe);
        retire(std::move(probe));
    }
    spec_.proc_files = proc_files_;
    // Its own cgroup subtree only with a user namespace: zone root then
    // writes just what it was given (delegate_payload); without one it
    // would be host root in payload/ and could raise payload/'s limits.
    spec_.cgroups = init_owns_cgroups() ? cg_.layout() : CgroupLayout::None;
    if (spec_.cgroups != CgroupLayout::None)
        if (std::string e = cg_.delegate_payload(id_base_); !e.empty())
            return fmt::format("zone '{}': cgroup delegation: {}", p_.zone, e);
    timeline_.mark("zoneadmd: boot spec (privileges, seccomp)");
    spec_.before_exec = [this](pid_t pid) {   // plugins' boot hook: init exists, has not exec'd
        const Context ctx = context();
        for (Subsystem* s : plugins_.in_order()) {
            Result r = s->boot(ctx, pid);
            timeline_.mark(fmt::format("plugin {}: boot", s->name()));
            if (!r.ok()) {
                const std::string prefix = fmt::format("zone '{}': ", p_.zone);   // start() adds it
                return r.error.rfind(prefix, 0) == 0 ? r.error.substr(prefix.size()) : r.error;
            }
        }
        return std::string();
    };
    return {};
}

std::string ZonePlatform::start(const std::vector<std::string>& args) {
    if (!stem_)   // else ready() made the spec and the stem for this boot
        if (std::string e = make_spec(args); !e.empty()) return e;
    log_.notice(args.empty() ? std::string("Zone booting up")
                             : fmt::format("Zone booting up with arguments: {}", fmt::join(args, " ")));
    Fd held;   // on a failure, closed before the halt that follows: it holds copies of the zone's mounts
    if (std::string e = start_init(spec_, p_.ns_dir, cg_, stem_, init_, held, &timeline_); !e.empty()) {
        log_.notice("Zone boot failed");
        return fmt::format("zone '{}': boot: {}", p_.zone, e);
    }
    retire(std::move(held));
    hold_app_namespaces(init_.pid());
    test_pause(p_.zone_run, "boot");
    record_init();
    sd_event_add_io(ev_, &init_src_.s, init_.pidfd(), EPOLLIN, on_pidfd, this);
    phase_ = Phase::Running;
    timeline_.mark("zoneadmd: init recorded");
    logf(6, "booted, zone ID {}, init {}", id_, init_.pid());
    return {};
}

std::string ZonePlatform::boot(std::string_view args) {
    const std::vector<std::string> argv = split_args(args.empty() ? std::string_view(cfg_.bootargs) : args);
    if (phase_ == Phase::Installed)
        if (std::string e = ready(&argv); !e.empty()) return e;
    std::string e = start(argv);
    if (!e.empty()) (void)halt();
    return e;
}

// init.pid for the tools; init.start (when it started) so that an adopting
// zoneadmd can tell init from a later process that got its PID.
void ZonePlatform::record_init() {
    replace_file(p_.zone_run + "/init.start", std::to_string(start_time(init_.pid())) + "\n");
    replace_file(p_.zone_run + "/init.pid", std::to_string(init_.pid()) + "\n");
}

bool ZonePlatform::stop_init() {
    drop_stem(stem_);   // an init that never ran (a boot that failed while readying)
    retired_.clear();
    release_src_ = EventSource();
    init_src_ = EventSource();
    timer_src_ = EventSource();
    resend_src_ = EventSource();
    if (before_stop_) before_stop_();   // zlogin sessions: reaped first, or init's death waits on them
    // PID-namespace init: its death kills the rest. A task that cannot die
    // (frozen) also holds init's exit back, so wait a bounded time.
    const bool init_gone = init_.kill_within(kInitDeathMs);
    cg_.kill_payload();      // anything that entered from outside (zlogin)
    if (init_gone)
        for (const char* f : {"/init.pid", "/init.start"}) ::unlink((p_.zone_run + f).c_str());
    if (phase_ == Phase::Running || phase_ == Phase::ShuttingDown) phase_ = Phase::Ready;
    return init_gone && cg_.payload_pids().empty();
}

std::string ZonePlatform::busy() {
    if (auto left = cg_.payload_pids(); !left.empty())
        return fmt::format("{} {} in the zone cannot be killed", left.size() == 1 ? "process" : "processes",
                           describe_pids(left));
    if (init_) return fmt::format("process {} (init) in the zone cannot be killed", init_.pid());
    std::vector<HeldNs> ns = platform_namespaces(pins_);
    static constexpr const char* kApp[] = {"mount", "IPC", "PID"};
    for (std::size_t i = 0; i < app_ns_.size() && i < 3; ++i)
        if (app_ns_[i]) ns.push_back({app_ns_[i].get(), kApp[i]});
    return namespace_holders(
        ns, [this](const std::function<void(pid_t)>& fn) { return cg_.for_each_host_pid(fn); }, &holders_looked_);
}

// A holder outside the zone's PID namespace (the parent of an nsenter'd
// process the kill reached) leaves within moments of its child: poll a
// short while so only a holder that stays makes the zone `down`.
std::string ZonePlatform::settled_busy() {
    std::string why = busy();
    for (int waited = 0; !why.empty() && waited < kKillMs; waited += 20) {
        ::usleep(20 * 1000);
        why = busy();
    }
    return why;
}

void ZonePlatform::hold_app_namespaces(pid_t init) {
    app_ns_.clear();
    for (const char* n : {"mnt", "ipc", "pid"})
        app_ns_.emplace_back(::open(fmt::format("/proc/{}/ns/{}", init, n).c_str(), O_RDONLY | O_CLOEXEC));
}

std::string ZonePlatform::new_id() {
    std::string err;
    int id = zone_id::allocate(p_.run, p_.zone, err);
    if (id == 0) return fmt::format("zone '{}': {}", p_.zone, err);
    id_ = id;
    log_set_zone(p_.zone, id_);
    return {};
}

std::string ZonePlatform::halt() {
    const bool had_platform = phase_ != Phase::Installed;
    ::unlink((p_.zone_run + "/platform").c_str());   // no longer a platform to adopt
    stop_init();
    timeline_.mark("zoneadmd: zone processes killed");
    phase_ = Phase::Down;
    // Nothing is torn down while something holds the zone: its mounts and
    // devices would live on out of sight. The platform stays, zoneadmd
    // answers `down`, and the next halt tries again.
    if (had_platform)
        if (std::string why = settled_busy(); !why.empty()) {
            const std::string line = fmt::format("zone '{}': unable to halt: {}", p_.zone, why);
            logf(3, "{}", line);
            log_.notice("Zone could not be halted");
            return line;
        }
    if (had_platform) timeline_.mark("zoneadmd: nothing holds the zone");
    test_pause(p_.zone_run, "halt");
    const Context ctx = context();
    auto subs = plugins_.in_order();
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) {
        if (Result r = (*it)->teardown(ctx); !r.ok()) logf(4, "{}", r.error);
        timeline_.mark(fmt::format("plugin {}: teardown", (*it)->name()));
    }
    console_src_ = EventSource();
    log_.set_master(-1);
    console_master_.reset();
    console_slave_.reset();
    prepared_ = false;
    ns_maker_ = NsMaker();
    ns_maker_err_.clear();
    app_ns_.clear();
    pins_ = PinnedFds();
    unpin_namespaces(p_.ns_dir);
    timeline_.mark("zoneadmd: namespaces unpinned, console closed");
    cg_.remove();
    if (std::string e; !zone_id::release(p_.run, p_.zone, e)) logf(4, "cannot release the zone ID: {}", e);
    for (const char* f : {"init.pid", "init.start", "zoneadmd.pid", "platform", "paused", "zoneadmd.lock"}) ::unlink((p_.zone_run + "/" + f).c_str());
    timeline_.mark("zoneadmd: payload/ cgroups removed");
    log_.notice("Zone halted");
    logf(6, "halted (holder check: {} processes looked at)", holders_looked_);
    finished_ = true;
    sd_event_exit(ev_, 0);
    return {};
}

void ZonePlatform::detach() {
    init_src_ = EventSource();
    init_.forget();   // the zone keeps running; a new zoneadmd --adopt takes over
    finished_ = true;
    sd_event_exit(ev_, 0);
}

int ZonePlatform::on_pidfd(sd_event_source*, int, uint32_t, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    z->init_src_ = EventSource();
    int code = 0, status = 0;
    bool known = z->init_.wait(code, status);   // false: adopted, not our child
    z->init_.forget();
    z->on_init_exit(code, status, known);
    return 0;
}

void ZonePlatform::on_init_exit(int code, int status, bool known) {
    logf(6, "init exited ({} {})", code == CLD_EXITED ? "status" : "signal", status);
    const bool shutting_down = phase_ == Phase::ShuttingDown;
    const bool clean = stop_init();
    if (shutting_down) {
        finish_shutdown();
        return;
    }
    // zinit exits 129 for reboot; a PID-namespace init that calls reboot(2)
    // is killed by SIGHUP (restart) or SIGINT (halt/poweroff).
    const bool reboot = clean && known && ((code == CLD_EXITED && status == 129) || (code == CLD_KILLED && status == SIGHUP));
    if (reboot) {
        log_.notice("Zone rebooting");
        std::string e = new_id();
        if (e.empty()) e = start(spec_.args);
        if (e.empty()) return;
        logf(3, "{}", e);
    }
    (void)halt();
}

void ZonePlatform::finish_shutdown() {
    const std::string e = halt();
    for (auto c : waiting_)
        if (ctl_) ctl_->reply(c, e.empty() ? std::string("ok") : err_reply(e));
    waiting_.clear();
}

int ZonePlatform::on_release(sd_event_source*, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    z->retired_.clear();
    z->release_src_ = EventSource();
    return 0;
}

void ZonePlatform::retire(Fd fd) {
    if (!fd) return;
    retired_.push_back(std::move(fd));
    if (!release_src_.s && sd_event_add_defer(ev_, &release_src_.s, on_release, this) < 0) retired_.clear();   // now, then
}

int ZonePlatform::on_resend(sd_event_source* s, uint64_t, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    z->init_.signal(shutdown_signal(z->spec_));
    sd_event_source_set_time_relative(s, 250000);
    sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
    return 0;
}

int ZonePlatform::on_timeout(sd_event_source*, uint64_t, void* self) {
    auto* z = static_cast<ZonePlatform*>(self);
    logf(4, "shutdown timed out, halting");
    z->finish_shutdown();
    return 0;
}

std::string ZonePlatform::timed(std::string reply) {
    return reply + "\n" + timing::serialize(timeline_.take());
}

// "STATE ID [INITPID]": the reply to `state`, and a line "=STATE ..." of
// the replies to `ready` and `boot` (so zonesd need not ask again).
std::string ZonePlatform::state_text() const {
    return phase_ == Phase::Running || phase_ == Phase::ShuttingDown
               ? fmt::format("{} {} {}", phase_name(phase_), id_, init_.pid())
               : fmt::format("{} {}", phase_name(phase_), id_);
}

std::optional<std::string> ZonePlatform::request(Control& ctl, std::uint64_t conn, std::string_view req) {
    ctl_ = &ctl;
    const auto sp = req.find(' ');
    const std::string_view verb = req.substr(0, sp);
    const std::string_view rest = sp == std::string_view::npos ? std::string_view() : req.substr(sp + 1);
    auto invalid = [&] {
        return fmt::format("error {} operation is invalid for zones in state '{}'", verb, phase_name(phase_));
    };
    if (verb == "state") return "ok " + state_text();
    // A zone that could not be halted takes nothing but halt.
    if (phase_ == Phase::Down && verb != "halt") return invalid();
    if (verb == "ready" || verb == "boot" || verb == "halt") {
        // The spans of this request, after those of our start-up (kept
        // for the first such request: zonesd waited on them).
        if (started_up_) timeline_.clear();
        started_up_ = true;
        timeline_.begin();
    }
    if (verb == "ready") {
        if (phase_ == Phase::Ready) return "ok zone is already ready";
        if (phase_ == Phase::Running || phase_ == Phase::ShuttingDown) {
            if (!stop_init()) {
                phase_ = Phase::Down;
                return err_reply(fmt::format("unable to halt: {}", busy()));
            }
            return "ok";
        }
        std::string e = ready();
        return timed(e.empty() ? "ok\n=" + state_text() : err_reply(e));
    }
    if (verb == "boot") {
        if (phase_ == Phase::Running || phase_ == Phase::ShuttingDown) return "ok zone is already booted";
        std::string e = boot(rest);
        return timed(e.empty() ? "ok\n=" + state_text() : err_reply(e));
    }
    if (verb == "halt") {
        const bool was = phase_ == Phase::Installed;
        if (std::string e = halt(); !e.empty()) return err_reply(e);
        return timed(was ? "ok zone is already halted" : "ok");
    }
    if (verb == "shutdown") {
        if (phase_ == Phase::ShuttingDown) return "error shutdown already in progress";
        if (phase_ != Phase::Running) return invalid();
        const long secs = rest.empty() ? 60 : std::strtol(std::string(rest).c_str(), nullptr, 10);
        phase_ = Phase::ShuttingDown;
        waiting_.push_back(conn);
        if (!init_.signal(shutdown_signal(spec_))) {
            finish_shutdown();
            return std::nullopt;
        }
        sd_event_add_time_relative(ev_, &timer_src_.s, CLOCK_MONOTONIC,
                                   static_cast<uint64_t>(secs > 0 ? secs : 1) * 1000000ULL, 0, on_timeout, this);
        // An init that has not yet installed its handlers (just booted)
        // drops the signal: repeat it until init goes or the timeout.
        sd_event_add_time_relative(ev_, &resend_src_.s, CLOCK_MONOTONIC, 250000, 0, on_resend, this);
        return std::nullopt;
    }
    if (verb == "reboot") {
        if (phase_ != Phase::Running) return invalid();
        // `reboot [ID] [ARGS]`: an ID from zonesd (already in RUN/NAME/zoneid)
        // is taken as is; without one zoneadmd allocates it.
        std::vector<std::string> args = split_args(rest);
        int given = 0;
        if (!args.empty() && args[0].find_first_not_of("0123456789") == std::string::npos && args[0].size() <= 4) {
            given = std::atoi(args[0].c_str());
            args.erase(args.begin());
        }
        if (args.empty()) args = split_args(cfg_.bootargs);
        if (!stop_init()) {
            phase_ = Phase::Down;
            return err_reply(fmt::format("unable to halt: {}", busy()));
        }
        log_.notice("Zone rebooting");
        std::string e;
        if (given >= 1) {
            id_ = given;
            log_set_zone(p_.zone, id_);
            if (zone_id::read(p_.run, p_.zone) != given)
                if (!replace_file(p_.zone_run + "/zoneid", std::to_string(given) + "\n"))
                    e = errno_text(p_.zone_run + "/zoneid", errno);
        } else {
            e = new_id();
        }
        if (e.empty()) e = start(args);
        if (!e.empty()) {
            (void)halt();
            return err_reply(e);
        }
        return "ok";
    }
    if (verb == "apply") {
        if (phase_ != Phase::Ready && phase_ != Phase::Running) return invalid();
        std::string e = apply();
        return e.empty() ? "ok" : err_reply(e);
    }
    return fmt::format("error unknown request '{}'", verb);
}

}  // namespace zones::zoneadmd
