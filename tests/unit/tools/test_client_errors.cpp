// tools/client: D-Bus errors as the tools see them. A zone deleted between
// ListZones and a call on its object is "no such zone" (which ztop,
// zonestat and the exporter skip), never "cannot reach the zones service".
#include <gtest/gtest.h>

#include "client/bus.hpp"

namespace zones::client {
namespace {

ZoneError of(const char* name, const char* message, std::string_view zone, std::string_view path) {
    const sd_bus_error e = SD_BUS_ERROR_MAKE_CONST(name, message);
    return to_zone_error(e, zone, path);
}

TEST(ClientErrors, UnknownObjectOfAZoneIsNoSuchZone) {
    const ZoneError e = of("org.freedesktop.DBus.Error.UnknownObject", "Unknown object '/org/zones/zone/web'.",
                           "web", "/org/zones/zone/web");
    EXPECT_EQ(e.kind(), ErrorKind::NoSuchZone);
    EXPECT_STREQ(e.what(), "web: No such zone configured");
}

TEST(ClientErrors, UnknownObjectElsewhereIsUnreachable) {
    for (std::string_view path : {"/org/zones", "/org/zones/zone/", "", "/org/zones/zonex/web"}) {
        const ZoneError e = of("org.freedesktop.DBus.Error.UnknownObject", "gone", "web", path);
        EXPECT_EQ(e.kind(), ErrorKind::Internal) << path;
        EXPECT_NE(std::string(e.what()).find("cannot reach the zones service"), std::string::npos) << path;
    }
}

TEST(ClientErrors, ServiceErrorsKeepTheirKind) {
    const ZoneError e = of("org.zones.Error.NoSuchZone", "db: No such zone configured", "db",
                           "/org/zones/zone/db");
    EXPECT_EQ(e.kind(), ErrorKind::NoSuchZone);
    EXPECT_STREQ(e.what(), "db: No such zone configured");
    EXPECT_EQ(of("org.freedesktop.DBus.Error.ServiceUnknown", "x", "db", "/org/zones/zone/db").kind(),
              ErrorKind::Internal);
}

}  // namespace
}  // namespace zones::client
