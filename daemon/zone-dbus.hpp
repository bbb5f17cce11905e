// The D-Bus face of one zone: /org/zones/zone/<escaped name>, interface
// org.zones.Zone (dbus/org.zones.Zone.xml). Properties come from a snapshot
// the manager updates; methods forward to the same handlers as the
// manager's (zone-calls.hpp) with this zone's name.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <sdbus-c++/sdbus-c++.h>

#include "caller.hpp"
#include "manager.hpp"
#include "org.zones.Zone-adaptor.h"
#include "zone-calls.hpp"
#include "zone-net-dbus.hpp"
#include "zone-rctl-dbus.hpp"
#include "zone.hpp"

namespace zones::daemon {

inline constexpr const char* kZonesObjectPath = "/org/zones";
inline constexpr const char* kZoneObjectPrefix = "/org/zones/zone";

// /org/zones/zone/<name> with sd_bus_path_encode's escaping ("my-zone" ->
// "my_2dzone"), so every zone name is a valid object path.
std::string zone_object_path(const std::string& name);

class ZoneDbus final
    : public sdbus::AdaptorInterfaces<org::zones::Zone_adaptor, sdbus::ManagedObject_adaptor> {
public:
    ZoneDbus(sdbus::IConnection& connection, Manager& manager, ZoneCalls& calls, ZoneInfo info);
    ~ZoneDbus();

    // New values; emits PropertiesChanged for those that differ.
    void update(const ZoneInfo& now);

private:
    ZoneInfo snapshot() const;
    Caller caller() const;

    void GetConfiguration(sdbus::Result<std::string>&& result) override;
    void SetConfiguration(sdbus::Result<>&& result, std::string xml) override;
    void Delete(sdbus::Result<>&& result, bool force) override;
    void Install(sdbus::Result<>&& result, std::vector<std::string> args) override;
    void Uninstall(sdbus::Result<>&& result, bool force) override;
    void MarkIncomplete(sdbus::Result<>&& result) override;
    void Mark(sdbus::Result<>&& result, std::string state) override;
    void Clone(sdbus::Result<std::vector<std::string>>&& result, std::string source,
               std::vector<std::string> args) override;
    void Move(sdbus::Result<std::vector<std::string>>&& result, std::string zonepath) override;
    void Detach(sdbus::Result<std::string>&& result, bool dry_run) override;
    void Attach(sdbus::Result<std::vector<std::string>>&& result, bool force) override;
    void Verify(sdbus::Result<std::vector<std::string>>&& result) override;
    void Ready(sdbus::Result<std::string>&& result) override;
    void Boot(sdbus::Result<std::string>&& result, std::string args) override;
    void Halt(sdbus::Result<std::string>&& result) override;
    void Shutdown(sdbus::Result<std::string>&& result, bool reboot, std::string args) override;
    void Reboot(sdbus::Result<std::string>&& result, std::string args) override;
    void RunCommand(sdbus::Result<int32_t>&& result, std::string user,
                    std::vector<std::string> command, sdbus::UnixFd in_fd, sdbus::UnixFd out_fd,
                    sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd, uint64_t flags) override;
    void OpenShell(sdbus::Result<sdbus::UnixFd, std::string>&& result, std::string user,
                   std::string term, uint64_t flags) override;
    void OpenConsole(sdbus::Result<sdbus::UnixFd>&& result) override;
    void Apply(sdbus::Result<std::string>&& result) override;
    void GetLog(sdbus::Result<std::vector<ZoneCalls::LogRow>>&& result, uint32_t count) override;
    void GetAccess(sdbus::Result<std::vector<std::string>>&& result,
                   std::vector<std::string> verbs) override;

    std::string Name() override;
    std::string State() override;
    int32_t Id() override;
    std::string ZonePath() override;
    std::string Brand() override;
    std::string IPType() override;
    std::string UUID() override;
    bool Autoboot() override;

    ZoneCalls& calls_;
    // Read by property getters on the bus thread; never held while
    // calling into sdbus-c++ (whose own lock the bus thread holds then).
    mutable std::mutex mu_;
    ZoneInfo info_;
    std::unique_ptr<ZoneNetDbus> net_;   // org.zones.Zone.Network on the same path
    std::unique_ptr<ZoneResourcesDbus> resources_;   // org.zones.Zone.Resources, same path
};

}  // namespace zones::daemon
