#include "scope.hpp"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <string_view>
#include <memory>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-daemon.h>

#include "sys/file_io.hpp"
#include "sys/sd_bus.hpp"
#include "zones/config.hpp"

namespace zones::daemon {
namespace {

using sys::BusError;
using sys::BusPtr;
using sys::MessagePtr;
using sys::SlotPtr;

constexpr const char* kSystemd = "org.freedesktop.systemd1";
constexpr const char* kSystemdPath = "/org/freedesktop/systemd1";
constexpr const char* kSystemdManager = "org.freedesktop.systemd1.Manager";
constexpr std::uint64_t kCallUsec = 30ULL * 1000 * 1000;
constexpr std::uint64_t kJobUsec = 60ULL * 1000 * 1000;

[[noreturn]] void fail(const std::string& zone, const std::string& what) {
    throw ZoneError(ErrorKind::Internal, fmt::format("zone '{}': {}", zone, what));
}

void check(int r, const std::string& zone, std::string_view what) {
    if (r < 0)
        fail(zone, fmt::format("{}: {}", what, std::strerror(-r)));
}

// One connection to the system bus per zonesd thread, kept for the
// thread's life: connecting (auth, Hello) and Subscribe() cost more than
// the calls themselves. sd-bus objects are not thread-safe; a connection
// used by only its own thread needs no lock, and a slow job for one zone
// never holds up another. Reopened when it broke (dbus-daemon restarted).
struct ThreadBus {
    BusPtr bus;
    bool subscribed = false;
};
thread_local ThreadBus t_bus;

// The thread's connection, or a negative errno.
int connect_thread_bus() {
    if (t_bus.bus && sd_bus_is_open(t_bus.bus.get()) > 0)
        return 0;
    t_bus = ThreadBus();
    sd_bus* raw = nullptr;
    const int r = sd_bus_open_system(&raw);
    BusPtr bus(raw);
    if (r < 0)
        return r;
    t_bus.bus = std::move(bus);
    return 0;
}

sd_bus* open_system(const std::string& zone) {
    check(connect_thread_bus(), zone, "cannot connect to systemd");
    return t_bus.bus.get();
}

// systemd sends JobRemoved only while someone Subscribe()d; once per
// connection is enough (it lasts as long as the connection). 0 or a
// negative errno (`e` says more).
int subscribe_thread_bus(std::uint64_t usec, BusError& e) {
    if (t_bus.subscribed)
        return 0;
    sd_bus_message* raw = nullptr;
    int r = sd_bus_message_new_method_call(t_bus.bus.get(), &raw, kSystemd, kSystemdPath, kSystemdManager,
                                           "Subscribe");
    MessagePtr m(raw);
    if (r >= 0)
        r = sd_bus_call(t_bus.bus.get(), m.get(), usec, e.get(), nullptr);
    if (r >= 0)
        t_bus.subscribed = true;
    return r < 0 ? r : 0;
}

void subscribe(const std::string& zone) {
    BusError e;
    if (const int r = subscribe_thread_bus(kCallUsec, e); r < 0)
        fail(zone, fmt::format("cannot subscribe to systemd: {}", e.text(r)));
}

std::uint64_t now_usec() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000ULL +
           static_cast<std::uint64_t>(ts.tv_nsec) / 1000ULL;
}

struct JobWait {
    std::string job;             // set once the call returned
    std::string result;          // "" until JobRemoved for `job` arrived
    std::vector<std::pair<std::string, std::string>> seen;   // job, result
};

int on_job_removed(sd_bus_message* m, void* userdata, sd_bus_error* /*error*/) {
    auto* w = static_cast<JobWait*>(userdata);
    std::uint32_t id = 0;
    const char *job = nullptr, *unit = nullptr, *result = nullptr;
    if (sd_bus_message_read(m, "uoss", &id, &job, &unit, &result) >= 0)
        w->seen.emplace_back(job, result);
    return 0;
}

}  // namespace

bool have_systemd() { return sd_booted() > 0; }

void warm_thread_bus() {
    if (connect_thread_bus() < 0)
        return;
    // A short wait: a worker stuck here on a wedged systemd would take no job.
    BusError e;
    (void)subscribe_thread_bus(2ULL * 1000 * 1000, e);
}

sd_bus* thread_system_bus() {
    if (const int r = connect_thread_bus(); r < 0)
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("cannot connect to systemd: {}", std::strerror(-r)));
    return t_bus.bus.get();
}

namespace {

// StartTransientUnit of a scope holding `pid`, waiting for its job.
// zone_unit: a zone's platform (Delegate, no TasksMax, Controller).
void start_scope(const std::string& zone, const std::string& unit, const std::string& description, pid_t pid,
                 bool zone_unit, const std::string& controller) {
    sd_bus* bus_raw = open_system(zone);
    struct Borrowed {   // the thread's connection, not ours to close
        sd_bus* b;
        sd_bus* get() const { return b; }
    } bus{bus_raw};

    // The match and Subscribe() first: JobRemoved can come before the
    // reply to StartTransientUnit is read. The match lives only as long as
    // this call, so the kept connection receives no signals (and queues
    // none) between operations. (An arg2='UNIT' filter was tried: the
    // signal then never arrived here, so jobs are told apart by path.)
    JobWait wait;
    sd_bus_slot* raw_slot = nullptr;
    check(sd_bus_match_signal(bus.get(), &raw_slot, kSystemd, kSystemdPath, kSystemdManager,
                              "JobRemoved", on_job_removed, &wait),
          zone, "cannot watch systemd jobs");
    SlotPtr slot(raw_slot);
    subscribe(zone);

    sd_bus_message* raw = nullptr;
    check(sd_bus_message_new_method_call(bus.get(), &raw, kSystemd, kSystemdPath, kSystemdManager,
                                         "StartTransientUnit"),
          zone, "StartTransientUnit");
    MessagePtr m(raw);
    int r = sd_bus_message_append(m.get(), "ss", unit.c_str(), "fail");
    if (r >= 0)
        r = sd_bus_message_open_container(m.get(), 'a', "(sv)");
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "(sv)", "PIDs", "au", 1, static_cast<std::uint32_t>(pid));
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "(sv)", "Slice", "s", "zones.slice");
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "(sv)", "Description", "s", description.c_str());
    if (r >= 0 && zone_unit)
        r = sd_bus_message_append(m.get(), "(sv)", "Delegate", "b", 1);
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "(sv)", "CollectMode", "s", "inactive-or-failed");
    // No limit on tasks unless the zone sets max-lwps (the rctl plugin then
    // sets it), as on illumos, rather than systemd's DefaultTasksMax. With
    // this the new scope already has what a zone without resource controls
    // needs, and ready makes no SetUnitProperties call for it.
    if (r >= 0 && zone_unit)
        r = sd_bus_message_append(m.get(), "(sv)", "TasksMax", "t", std::numeric_limits<std::uint64_t>::max());
    if (r >= 0 && !controller.empty())
        r = sd_bus_message_append(m.get(), "(sv)", "Controller", "s", controller.c_str());
    if (r >= 0)
        r = sd_bus_message_close_container(m.get());
    if (r >= 0)
        r = sd_bus_message_append(m.get(), "a(sa(sv))", 0);
    check(r, zone, "StartTransientUnit");

    BusError e;
    sd_bus_message* raw_reply = nullptr;
    r = sd_bus_call(bus.get(), m.get(), kCallUsec, e.get(), &raw_reply);
    MessagePtr reply(raw_reply);
    if (r < 0)
        fail(zone, fmt::format("cannot start {}: {}", unit, e.text(r)));
    const char* job = nullptr;
    check(sd_bus_message_read(reply.get(), "o", &job), zone, "StartTransientUnit reply");
    wait.job = job;

    const std::uint64_t deadline = now_usec() + kJobUsec;
    for (;;) {
        for (const auto& [j, result] : wait.seen)
            if (j == wait.job) {
                if (result == "done")
                    return;
                fail(zone, fmt::format("start job for unit {} failed with '{}'", unit, result));
            }
        r = sd_bus_process(bus.get(), nullptr);
        check(r, zone, "waiting for systemd");
        if (r > 0)
            continue;
        const std::uint64_t now = now_usec();
        if (now >= deadline)
            fail(zone, fmt::format("start job for unit {} timed out", unit));
        r = sd_bus_wait(bus.get(), deadline - now);
        if (r < 0 && r != -EINTR)
            check(r, zone, "waiting for systemd");
    }
}

}  // namespace

void start_zone_scope(const std::string& zone, pid_t pid, const std::string& controller) {
    start_scope(zone, zone_scope_unit(zone), fmt::format("Zone {}", zone), pid, true, controller);
}

std::string install_scope_unit(const std::string& zone) {
    const std::string z = zone_scope_unit(zone);   // zone-ESCAPED.scope
    return "zone-install-" + z.substr(5);
}

void start_install_scope(const std::string& zone, pid_t pid) {
    start_scope(zone, install_scope_unit(zone), fmt::format("Install of zone {}", zone), pid, false, {});
}

void attach_to_zone_scope(const std::string& zone, pid_t pid) {
    sd_bus* bus = open_system(zone);
    const std::string unit = zone_scope_unit(zone);
    // supervisor/ exists once a zoneadmd has moved itself there (systemd
    // 252 does not create it); without it the scope's own cgroup will do,
    // and zoneadmd moves itself down after "go" as always.
    int r = 0;
    std::string why;
    for (const char* sub : {"/supervisor", ""}) {
        BusError e;
        r = sd_bus_call_method(bus, kSystemd, kSystemdPath, kSystemdManager,
                               "AttachProcessesToUnit", e.get(), nullptr, "ssau", unit.c_str(),
                               sub, 1, static_cast<std::uint32_t>(pid));
        if (r >= 0)
            return;
        if (why.empty())
            why = e.text(r);
    }
    fail(zone, fmt::format("cannot move zoneadmd into {}: {}", unit, why));
}

namespace {

// The scope's ActiveState ("inactive" when it is not loaded): one property
// read on the unit's object path, which systemd resolves for any name.
std::string scope_active_state(const std::string& zone) {
    sd_bus* bus = open_system(zone);
    char* raw_path = nullptr;
    if (sd_bus_path_encode("/org/freedesktop/systemd1/unit", zone_scope_unit(zone).c_str(),
                           &raw_path) < 0)
        return "";
    const std::string path = raw_path;
    std::free(raw_path);
    char* state = nullptr;
    BusError e;
    const int r = sd_bus_get_property_string(bus, kSystemd, path.c_str(),
                                             "org.freedesktop.systemd1.Unit", "ActiveState",
                                             e.get(), &state);
    if (r < 0)
        return "";
    std::string s = state;
    std::free(state);
    return s;
}

}  // namespace

std::string systemd_cgroup_root(const std::string& self, const CgroupMounts& mounts,
                                bool (*is_dir)(const std::string&)) {
    // "N:name=systemd:PATH" first (where a v1 or hybrid systemd keeps
    // units), then "0::PATH" (the unified hierarchy, hybrid or not).
    const std::pair<std::string_view, const char*> kinds[] = {{":name=systemd:", "name=systemd"}, {"0::", ""}};
    for (const auto& [tag, key] : kinds) {
        for (std::size_t at = 0; at < self.size();) {
            std::size_t end = self.find('\n', at);
            if (end == std::string::npos) end = self.size();
            const std::string_view line(self.data() + at, end - at);
            at = end + 1;
            const std::size_t t = tag[0] == '0' ? (line.rfind(tag, 0) == 0 ? 0 : std::string_view::npos)
                                                : line.find(tag);
            if (t == std::string_view::npos) continue;
            const std::string path(line.substr(t + tag.size()));
            if (path.size() < 2 || path[0] != '/') return {};   // "/": not systemd's root
            const auto m = mounts.find(key);
            if (m == mounts.end() || !is_dir(m->second.string() + path)) return {};
            return m->second.string();
        }
    }
    return {};
}

namespace {

bool is_directory(const std::string& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// Read once: the hierarchies do not move while zonesd runs.
const std::string& cgroup_root() {
    static const std::string root = [] {
        std::string self;
        return sys::read_file("/proc/self/cgroup", self, 64 * 1024)
                   ? systemd_cgroup_root(self, cgroup_mounts(), is_directory)
                   : std::string();
    }();
    return root;
}

}  // namespace

bool zone_scope_active(const std::string& zone) {
    // No cgroup, no scope (systemd makes it before the scope is active, and
    // removes it only after): a stat instead of a round trip.
    if (const std::string& root = cgroup_root(); !root.empty()) {
        struct stat st {};
        if (::stat((root + "/zones.slice/" + zone_scope_unit(zone)).c_str(), &st) != 0 && errno == ENOENT)
            return false;
    }
    const std::string s = scope_active_state(zone);
    return s == "active" || s == "activating" || s == "reloading";
}

bool zone_scope_gone(const std::string& zone) {
    const std::string s = scope_active_state(zone);
    return s.empty() || s == "inactive" || s == "failed";
}

bool zone_scope_stopping(const std::string& zone) {
    return scope_active_state(zone) == "deactivating";
}

std::optional<std::string> zone_from_scope_path(const std::string& path) {
    char* raw = nullptr;
    if (sd_bus_path_decode(path.c_str(), "/org/freedesktop/systemd1/unit", &raw) <= 0)
        return std::nullopt;
    const std::string unit = raw;
    std::free(raw);
    constexpr std::string_view prefix = "zone-", suffix = ".scope";
    if (unit.size() <= prefix.size() + suffix.size() || unit.rfind(prefix, 0) != 0 ||
        unit.compare(unit.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    const std::string name = unit_unescape(
        std::string_view(unit).substr(prefix.size(), unit.size() - prefix.size() - suffix.size()));
    if (zone_scope_unit(name) != unit)
        return std::nullopt;      // not how we name a zone's scope
    return name;
}

}  // namespace zones::daemon
