#include "zone-rctl-dbus.hpp"

#include <fmt/format.h>

#include "zone-usage.hpp"

namespace zones::daemon {

ZoneResourcesDbus::ZoneResourcesDbus(sdbus::IConnection& connection, const std::string& path, std::string name,
                                     Manager& manager, WorkQueue& queue)
    : AdaptorInterfaces(connection, path), manager_(manager), queue_(queue), name_(std::move(name)) {
    registerAdaptor();
}

ZoneResourcesDbus::~ZoneResourcesDbus() { unregisterAdaptor(); }

void ZoneResourcesDbus::GetUsage(sdbus::Result<std::map<std::string, std::uint64_t>>&& result) {
    const std::string name = name_;
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result), [&manager, name](auto& reply) {
        const ZoneInfo z = manager.current(name);
        std::optional<ZoneUsage> usage;
        if (z.state == ZoneState::Ready || z.state == ZoneState::Running || z.state == ZoneState::ShuttingDown)
            usage = read_zone_usage(manager.store().run_dir() / name,
                                    manager.store().root() / "var/log/zones" / (name + ".console"));
        if (!usage)
            throw ZoneError(ErrorKind::InvalidState, fmt::format("zone '{}': not ready or running", name));
        reply.ok(usage_figures(*usage, manager.store().load(name)));
    });
}

}  // namespace zones::daemon
