// The subsystem plugin interface: the only header a plugin sees besides
// config.hpp. zoneadmd loads every plugin (Boost.DLL, rtld_now|rtld_local,
// never unloaded) and calls the hooks in this order for one zone:
//
//   verify        zoneadmd, host side, before anything is built
//   prepare_host  zoneadmd, host side, at ready after verify, while systemd
//                 makes the zone's scope: work that needs none of the
//                 zone's cgroups or namespaces (a program to load), kept
//                 by the plugin for setup_host; a failure fails the ready
//   setup_mounts  a forked single-threaded helper inside the zone's new
//                 mount, UTS, net and cgroup namespaces, before pivot_root;
//                 the zone root is already a mount point at ctx.root
//   setup_host    zoneadmd, host namespaces, after the pins exist
//   teardown      zoneadmd at halt, in reverse plugin order; converges
//   apply         zoneadmd, live change of a ready or running zone's
//                 configuration (`zoneadm apply`): every plugin's verify
//                 on the new configuration first, then apply in order; if
//                 one fails, the plugins already applied get apply() back
//                 to the old configuration (ctx.config is the new one then)
//   boot          zoneadmd, host namespaces, at every boot: init exists in
//                 its new PID and IPC namespaces and cgroups but has not
//                 exec'd yet (init_pid is its host PID); a failure fails
//                 the boot
//
// Hooks are noexcept and return a Result: no exception, no std::function,
// no shared_ptr crosses the boundary (cpp-stack.md §3.2). Bump kSubsystemAbi
// on any change of Context, Result or the vtable.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/dll/alias.hpp>

#include "zones/config.hpp"

namespace zones {

inline constexpr unsigned kSubsystemAbi = 3;   // 2: boot hook; 3: prepare_host

// ok, or one line naming the zone and the cause:
//   zone 'web': fs: /srv: mount of /data failed: No such file or directory
struct Result {
    std::string error;   // empty = success
    bool ok() const noexcept { return error.empty(); }
};

// The zone's namespaces, pinned with no process in them (-1 = absent).
struct Namespaces {
    int mnt = -1, uts = -1, net = -1, cgroup = -1, user = -1;
};

// Handed in by zoneadmd and owned by it; valid for the duration of a hook.
struct Context {
    std::string zone;                 // zone name
    int zone_id = 0;                  // 1..9999, new at every ready/boot
    const ZoneConfig& config;         // snapshot taken when zoneadmd started
    std::string zonepath;             // ZONEPATH
    std::string root;                 // ZONEPATH/root (host path)
    std::string run_dir;              // STOREROOT/run/zones/NAME
    Namespaces ns;                    // filled from setup_host on
    std::vector<std::string> payload_cgroups;   // absolute cgroupfs dirs, one per hierarchy

    // The one-line error every hook returns.
    Result fail(std::string_view subsystem, std::string_view cause) const {
        Result r;
        r.error.reserve(zone.size() + subsystem.size() + cause.size() + 12);
        r.error.append("zone '").append(zone).append("': ");
        r.error.append(subsystem).append(": ").append(cause);
        return r;
    }
};

class BOOST_SYMBOL_VISIBLE Subsystem {
public:
    virtual ~Subsystem() = default;
    virtual const char* name() const noexcept = 0;   // "fs", "dev", ...
    virtual Result verify(const Context&) noexcept { return {}; }
    virtual Result prepare_host(const Context&) noexcept { return {}; }
    virtual Result setup_mounts(const Context&) noexcept { return {}; }
    virtual Result setup_host(const Context&) noexcept { return {}; }
    virtual Result teardown(const Context&) noexcept { return {}; }
    virtual Result apply(const Context&, const ZoneConfig& /*next*/) noexcept { return {}; }
    virtual Result boot(const Context&, int /*init_pid*/) noexcept { return {}; }
};

using SubsystemFactory = std::unique_ptr<Subsystem>() noexcept;

// The two exported names (C names through BOOST_DLL_ALIAS, no mangling).
inline constexpr const char* kSubsystemAbiSymbol = "zones_subsystem_abi";
inline constexpr const char* kSubsystemCreateSymbol = "zones_subsystem_create";

}  // namespace zones

// In exactly one .cpp of a plugin: ZONES_SUBSYSTEM_PLUGIN(MyClass)
#define ZONES_SUBSYSTEM_PLUGIN(Class)                                               \
    namespace zones_plugin_entry {                                                  \
    static std::unique_ptr<::zones::Subsystem> create() noexcept {                  \
        try { return std::make_unique<Class>(); } catch (...) { return nullptr; }   \
    }                                                                               \
    static const unsigned abi = ::zones::kSubsystemAbi;                             \
    }                                                                               \
    BOOST_DLL_ALIAS(zones_plugin_entry::create, zones_subsystem_create)             \
    BOOST_DLL_ALIAS(zones_plugin_entry::abi, zones_subsystem_abi)
