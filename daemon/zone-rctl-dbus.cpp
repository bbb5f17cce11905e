#include "zone-rctl-dbus.hpp"

#include <fmt/format.h>

#include "zone-usage.hpp"

namespace zones::daemon {

ZoneResourcesDbus::ZoneResourcesDbus(sdbus::IConnection& connection, const std::string& path, std::string name,
                                     Manager& manager, ZoneCalls& calls)
    : AdaptorInterfaces(connection, path), manager_(manager), calls_(calls), name_(std::move(name)) {
    registerAdaptor();
}

ZoneResourcesDbus::~ZoneResourcesDbus() { unregisterAdaptor(); }

void ZoneResourcesDbus::GetUsage(sdbus::Result<std::map<std::string, std::uint64_t>>&& result) {
    const std::string name = name_;
    Manager& manager = manager_;
    calls_.read(caller_of(getObject().getCurrentlyProcessedMessage()), std::move(result),
                [&manager, name](auto& reply) {
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
