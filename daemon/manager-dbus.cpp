#include "manager-dbus.hpp"

#include <fmt/format.h>

#include "log.hpp"

namespace zones::daemon {

ManagerDbus::ManagerDbus(sdbus::IConnection& connection, Manager& manager, ZoneCalls& calls)
    : AdaptorInterfaces(connection, kZonesObjectPath),
      connection_(connection),
      manager_(manager),
      calls_(calls) {
    registerAdaptor();
}

ManagerDbus::~ManagerDbus() {
    {
        std::lock_guard lock(objects_mu_);
        objects_.clear();
    }
    unregisterAdaptor();
}

Caller ManagerDbus::caller() const {
    return caller_of(getObject().getCurrentlyProcessedMessage());
}

void ManagerDbus::zone_added(const ZoneInfo& zone) {
    try {
        auto object = std::make_unique<ZoneDbus>(connection_, manager_, calls_, zone);
        const sdbus::ObjectPath path(object->getObjectPath());
        {
            std::lock_guard lock(objects_mu_);
            objects_[zone.name] = std::move(object);
        }
        emitZoneAdded(zone.name, path);
    } catch (const std::exception& e) {
        log_error(zone.name, fmt::format("cannot publish the zone object: {}", e.what()));
    }
    if (units_ != nullptr)
        units_->autoboot_changed(zone.name, zone.autoboot);
}

void ManagerDbus::zone_removed(const std::string& name) {
    try {
        std::unique_ptr<ZoneDbus> object;
        {
            std::lock_guard lock(objects_mu_);
            if (auto it = objects_.find(name); it != objects_.end()) {
                object = std::move(it->second);
                objects_.erase(it);
            }
        }
        object.reset();       // InterfacesRemoved, then off the bus
        emitZoneRemoved(name, sdbus::ObjectPath(zone_object_path(name)));
    } catch (const std::exception& e) {
        log_error(name, fmt::format("cannot withdraw the zone object: {}", e.what()));
    }
    if (units_ != nullptr)
        units_->zone_removed(name);
}

void ManagerDbus::zone_changed(const ZoneInfo& before, const ZoneInfo& now) {
    try {
        std::lock_guard lock(objects_mu_);
        if (auto it = objects_.find(now.name); it != objects_.end())
            it->second->update(now);
    } catch (const std::exception& e) {
        log_error(now.name, fmt::format("cannot announce changed properties: {}", e.what()));
    }
    if (units_ != nullptr && before.autoboot != now.autoboot)
        units_->autoboot_changed(now.name, now.autoboot);
}

void ManagerDbus::ListZones(sdbus::Result<std::vector<ZoneRow>>&& result) {
    calls_.list_zones(caller(), std::move(result));
}

void ManagerDbus::GetZone(sdbus::Result<sdbus::ObjectPath>&& result, std::string name) {
    calls_.get_zone(caller(), std::move(result), std::move(name));
}

void ManagerDbus::GetConfiguration(sdbus::Result<std::string>&& result, std::string name) {
    calls_.get_configuration(caller(), std::move(result), std::move(name));
}

void ManagerDbus::GetTemplate(sdbus::Result<std::string>&& result, std::string name) {
    calls_.get_template(caller(), std::move(result), std::move(name));
}

void ManagerDbus::SetConfiguration(sdbus::Result<sdbus::ObjectPath>&& result,
                                   std::string old_name, std::string xml) {
    calls_.set_configuration(caller(), std::move(result), std::move(old_name), std::move(xml));
}

void ManagerDbus::VerifyConfiguration(sdbus::Result<std::vector<std::string>>&& result,
                                      std::string xml) {
    calls_.verify_configuration(caller(), std::move(result), std::move(xml));
}

void ManagerDbus::DeleteConfiguration(sdbus::Result<>&& result, std::string name, bool force) {
    calls_.delete_configuration(caller(), std::move(result), std::move(name), force);
}

void ManagerDbus::Install(sdbus::Result<>&& result, std::string name,
                          std::vector<std::string> args) {
    calls_.install(caller(), std::move(result), std::move(name), std::move(args));
}

void ManagerDbus::Uninstall(sdbus::Result<>&& result, std::string name, bool force) {
    calls_.uninstall(caller(), std::move(result), std::move(name), force);
}

void ManagerDbus::MarkIncomplete(sdbus::Result<>&& result, std::string name) {
    calls_.mark_incomplete(caller(), std::move(result), std::move(name));
}

void ManagerDbus::Mark(sdbus::Result<>&& result, std::string name, std::string state) {
    calls_.mark(caller(), std::move(result), std::move(name), std::move(state));
}

void ManagerDbus::Clone(sdbus::Result<std::vector<std::string>>&& result, std::string name,
                        std::string source, std::vector<std::string> args) {
    calls_.clone(caller(), std::move(result), std::move(name), std::move(source), std::move(args));
}

void ManagerDbus::Move(sdbus::Result<std::vector<std::string>>&& result, std::string name,
                       std::string zonepath) {
    calls_.move(caller(), std::move(result), std::move(name), std::move(zonepath));
}

void ManagerDbus::Detach(sdbus::Result<std::string>&& result, std::string name, bool dry_run) {
    calls_.detach(caller(), std::move(result), std::move(name), dry_run);
}

void ManagerDbus::Attach(sdbus::Result<std::vector<std::string>>&& result, std::string name, bool force) {
    calls_.attach(caller(), std::move(result), std::move(name), force);
}

void ManagerDbus::CheckManifest(sdbus::Result<std::vector<std::string>>&& result, std::string manifest) {
    calls_.check_manifest(caller(), std::move(result), std::move(manifest));
}

void ManagerDbus::VerifyZone(sdbus::Result<std::vector<std::string>>&& result,
                             std::string name) {
    calls_.verify_zone(caller(), std::move(result), std::move(name));
}

void ManagerDbus::Ready(sdbus::Result<std::string>&& result, std::string name) {
    calls_.ready(caller(), std::move(result), std::move(name));
}

void ManagerDbus::Boot(sdbus::Result<std::string>&& result, std::string name, std::string args) {
    calls_.boot(caller(), std::move(result), std::move(name), std::move(args));
}

void ManagerDbus::Halt(sdbus::Result<std::string>&& result, std::string name) {
    calls_.halt(caller(), std::move(result), std::move(name));
}

void ManagerDbus::ReadyTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                             std::string name, uint64_t since) {
    calls_.ready_timed(caller(), std::move(result), std::move(name), since);
}

void ManagerDbus::BootTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                            std::string name, std::string args, uint64_t since) {
    calls_.boot_timed(caller(), std::move(result), std::move(name), std::move(args), since);
}

void ManagerDbus::HaltTimed(sdbus::Result<std::string, std::vector<ZoneCalls::TimingRow>>&& result,
                            std::string name, uint64_t since) {
    calls_.halt_timed(caller(), std::move(result), std::move(name), since);
}

void ManagerDbus::Shutdown(sdbus::Result<std::string>&& result, std::string name, bool reboot,
                           std::string args) {
    calls_.shutdown(caller(), std::move(result), std::move(name), reboot, std::move(args));
}

void ManagerDbus::ShutdownWithin(sdbus::Result<std::string>&& result, std::string name,
                                 uint32_t timeout) {
    calls_.shutdown_within(caller(), std::move(result), std::move(name), timeout);
}

void ManagerDbus::Reboot(sdbus::Result<std::string>&& result, std::string name,
                         std::string args) {
    calls_.reboot(caller(), std::move(result), std::move(name), std::move(args));
}

void ManagerDbus::Apply(sdbus::Result<std::string>&& result, std::string name) {
    calls_.apply(caller(), std::move(result), std::move(name));
}

void ManagerDbus::RunCommand(sdbus::Result<int32_t>&& result, std::string name, std::string user,
                             std::vector<std::string> command, sdbus::UnixFd in_fd,
                             sdbus::UnixFd out_fd, sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd,
                             uint64_t flags) {
    calls_.run_command(caller(), std::move(result), std::move(name), std::move(user),
                       std::move(command), std::move(in_fd), std::move(out_fd), std::move(err_fd),
                       std::move(signal_fd), flags);
}

void ManagerDbus::OpenShell(sdbus::Result<sdbus::UnixFd, std::string>&& result, std::string name,
                            std::string user, std::string term, uint64_t flags) {
    calls_.open_shell(caller(), std::move(result), std::move(name), std::move(user),
                      std::move(term), flags);
}

void ManagerDbus::OpenConsole(sdbus::Result<sdbus::UnixFd>&& result, std::string name) {
    calls_.open_console(caller(), std::move(result), std::move(name));
}

void ManagerDbus::GetZoneLog(sdbus::Result<std::vector<ZoneCalls::LogRow>>&& result,
                             std::string name, uint32_t count) {
    calls_.get_log(caller(), std::move(result), std::move(name), count);
}

void ManagerDbus::GetZoneAccess(sdbus::Result<std::vector<std::string>>&& result, std::string name,
                                std::vector<std::string> verbs) {
    calls_.get_access(caller(), std::move(result), std::move(name), std::move(verbs));
}

}  // namespace zones::daemon
