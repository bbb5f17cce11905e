// The D-Bus face of the manager: /org/zones, interface org.zones.Manager
// (dbus/org.zones.Manager.xml) plus org.freedesktop.DBus.ObjectManager, and
// the per-zone objects, kept in step with the Manager model.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <sdbus-c++/sdbus-c++.h>

#include "caller.hpp"
#include "manager.hpp"
#include "operation.hpp"
#include "org.zones.Manager-adaptor.h"
#include "zone-calls.hpp"
#include "zone-dbus.hpp"
#include "zone-units.hpp"

namespace zones::daemon {

class ManagerDbus final
    : public sdbus::AdaptorInterfaces<org::zones::Manager_adaptor, sdbus::ObjectManager_adaptor>,
      public ManagerListener {
public:
    ManagerDbus(sdbus::IConnection& connection, Manager& manager, ZoneCalls& calls);
    ~ManagerDbus();

    // ManagerListener: called on worker threads, one at a time. They never
    // throw: a failed signal must not leave the model half-updated.
    void zone_added(const ZoneInfo& zone) override;
    void zone_removed(const std::string& name) override;
    void zone_changed(const ZoneInfo& before, const ZoneInfo& now) override;

    // zone@NAME.service kept in step with autoboot (set before serving).
    void set_zone_units(ZoneUnits* units) { units_ = units; }

private:
    using ZoneRow = ZoneCalls::ZoneRow;

    // The sender of the call being handled (on the bus thread).
    Caller caller() const;

    // Each method forwards to the zone's handler (zone-calls.hpp), so each
    // verb is written once for both interfaces.

    void ListZones(sdbus::Result<std::vector<ZoneRow>>&& result) override;
    void GetZone(sdbus::Result<sdbus::ObjectPath>&& result, std::string name) override;
    void GetConfiguration(sdbus::Result<std::string>&& result, std::string name) override;
    void GetTemplate(sdbus::Result<std::string>&& result, std::string name) override;
    void SetConfiguration(sdbus::Result<sdbus::ObjectPath>&& result, std::string old_name,
                          std::string xml) override;
    void VerifyConfiguration(sdbus::Result<std::vector<std::string>>&& result,
                             std::string xml) override;
    void DeleteConfiguration(sdbus::Result<>&& result, std::string name, bool force) override;
    void Install(sdbus::Result<>&& result, std::string name,
                 std::vector<std::string> args) override;
    void Uninstall(sdbus::Result<>&& result, std::string name, bool force) override;
    void MarkIncomplete(sdbus::Result<>&& result, std::string name) override;
    void Mark(sdbus::Result<>&& result, std::string name, std::string state) override;
    void Clone(sdbus::Result<std::vector<std::string>>&& result, std::string name, std::string source,
               std::vector<std::string> args) override;
    void Move(sdbus::Result<std::vector<std::string>>&& result, std::string name, std::string zonepath) override;
    void Detach(sdbus::Result<std::string>&& result, std::string name, bool dry_run) override;
    void Attach(sdbus::Result<std::vector<std::string>>&& result, std::string name, bool force) override;
    void CheckManifest(sdbus::Result<std::vector<std::string>>&& result, std::string manifest) override;
    void VerifyZone(sdbus::Result<std::vector<std::string>>&& result, std::string name) override;
    void Ready(sdbus::Result<std::string>&& result, std::string name) override;
    void Boot(sdbus::Result<std::string>&& result, std::string name, std::string args) override;
    void Halt(sdbus::Result<std::string>&& result, std::string name) override;
    void ReadyTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                    std::string name, uint64_t since) override;
    void BootTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                   std::string name, std::string args, uint64_t since) override;
    void HaltTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                   std::string name, uint64_t since) override;
    void Shutdown(sdbus::Result<std::string>&& result, std::string name, bool reboot,
                  std::string args) override;
    void ShutdownWithin(sdbus::Result<std::string>&& result, std::string name,
                        uint32_t timeout) override;
    void Reboot(sdbus::Result<std::string>&& result, std::string name, std::string args) override;
    void RunCommand(sdbus::Result<int32_t>&& result, std::string name, std::string user,
                    std::vector<std::string> command, sdbus::UnixFd in_fd, sdbus::UnixFd out_fd,
                    sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd, uint64_t flags) override;
    void OpenShell(sdbus::Result<sdbus::UnixFd, std::string>&& result, std::string name,
                   std::string user, std::string term, uint64_t flags) override;
    void OpenConsole(sdbus::Result<sdbus::UnixFd>&& result, std::string name) override;
    void Apply(sdbus::Result<std::string>&& result, std::string name) override;
    void GetZoneLog(sdbus::Result<std::vector<ZoneCalls::LogRow>>&& result, std::string name,
                    uint32_t count) override;
    void GetZoneAccess(sdbus::Result<std::vector<std::string>>&& result, std::string name,
                       std::vector<std::string> verbs) override;

    sdbus::IConnection& connection_;
    Manager& manager_;
    ZoneCalls& calls_;
    ZoneUnits* units_ = nullptr;
    std::mutex objects_mu_;     // never taken on the bus thread
    std::map<std::string, std::unique_ptr<ZoneDbus>> objects_;
};

}  // namespace zones::daemon
