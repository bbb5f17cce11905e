// The tools' side of org.zones.Manager: plain sd-bus (a tool starts in a
// few milliseconds and stays single-threaded; no sdbus-c++ here), RAII for
// every sd-bus object, and D-Bus errors turned back into zones::ZoneError.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <systemd/sd-bus.h>

#include "sys/sd_bus.hpp"
#include "zones/config.hpp"

namespace zones::client {

inline constexpr const char* kService = "org.zones.Manager";
inline constexpr const char* kManagerPath = "/org/zones";
inline constexpr const char* kManagerInterface = "org.zones.Manager";
inline constexpr const char* kZoneInterface = "org.zones.Zone";
inline constexpr std::string_view kZonePathPrefix = "/org/zones/zone/";

// Configuration calls may wait on a lock or, later, on a lifecycle
// operation of the same zone: far longer than sd-bus's 25 s default.
inline constexpr std::uint64_t kCallTimeoutUsec = 5ULL * 60 * 1000 * 1000;

using sys::BusError;
using sys::BusPtr;
using sys::MessagePtr;

// org.zones.Error.<Kind> -> ZoneError(Kind, message). A service or bus
// that cannot be reached -> Internal "cannot reach the zones service
// (org.zones.Manager): ..."; a bus-policy refusal -> AccessDenied
// "ZONE: Permission denied" (`zone` may be empty). A call on a zone's
// object (`path` under /org/zones/zone/) that finds no object: the zone
// was deleted meanwhile -> NoSuchZone.
ZoneError to_zone_error(const sd_bus_error& error, std::string_view zone,
                        std::string_view path = {});
ZoneError unreachable(std::string_view why);

// Throws ZoneError Internal "WHAT: strerror" when r < 0.
void check(int r, std::string_view what);

class Bus {
public:
    // The system bus (DBUS_SYSTEM_BUS_ADDRESS is honoured by sd-bus).
    static Bus system();

    sd_bus* get() const { return bus_.get(); }

    // A call of `member` on org.zones.Manager at /org/zones, to fill in.
    MessagePtr manager_call(const char* member) const;
    // Send it and wait for the reply; D-Bus errors become ZoneError,
    // naming `zone` where the service's own message does not.
    MessagePtr call(sd_bus_message* message, std::string_view zone,
                    std::uint64_t timeout_usec = kCallTimeoutUsec) const;

private:
    explicit Bus(BusPtr bus) : bus_(std::move(bus)) {}
    BusPtr bus_;
};

}  // namespace zones::client
