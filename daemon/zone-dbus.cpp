#include "zone-dbus.hpp"

#include <cstdlib>
#include <memory>
#include <vector>

#include <systemd/sd-bus.h>

namespace zones::daemon {
namespace {

struct FreeDeleter {
    void operator()(char* p) const noexcept { std::free(p); }
};

}  // namespace

std::string zone_object_path(const std::string& name) {
    char* raw = nullptr;
    if (sd_bus_path_encode(kZoneObjectPrefix, name.c_str(), &raw) < 0 || raw == nullptr)
        throw ZoneError(ErrorKind::Internal, "out of memory encoding an object path");
    std::unique_ptr<char, FreeDeleter> path(raw);
    return path.get();
}

ZoneDbus::ZoneDbus(sdbus::IConnection& connection, Manager& manager, ZoneCalls& calls, ZoneInfo info)
    : AdaptorInterfaces(connection, zone_object_path(info.name)),
      calls_(calls),
      info_(std::move(info)) {
    registerAdaptor();
    net_ = std::make_unique<ZoneNetDbus>(connection, getObjectPath(), manager, calls, info_.name);
    resources_ = std::make_unique<ZoneResourcesDbus>(connection, getObjectPath(), info_.name, manager, calls);
    emitInterfacesAddedSignal();
}

ZoneDbus::~ZoneDbus() {
    try {
        emitInterfacesRemovedSignal();
    } catch (const std::exception&) {
        // the bus may be gone at shutdown; unregistering still matters
    }
    unregisterAdaptor();
}

ZoneInfo ZoneDbus::snapshot() const {
    std::lock_guard lock(mu_);
    return info_;
}

void ZoneDbus::update(const ZoneInfo& now) {
    std::vector<std::string> changed;
    {
        std::lock_guard lock(mu_);
        const ZoneInfo& was = info_;
        if (was.state != now.state) changed.emplace_back("State");
        if (was.id != now.id) changed.emplace_back("Id");
        if (was.zonepath != now.zonepath) changed.emplace_back("ZonePath");
        if (was.brand != now.brand) changed.emplace_back("Brand");
        if (was.ip_type != now.ip_type) changed.emplace_back("IPType");
        if (was.uuid != now.uuid) changed.emplace_back("UUID");
        if (was.autoboot != now.autoboot) changed.emplace_back("Autoboot");
        info_ = now;
    }
    if (!changed.empty())
        getObject().emitPropertiesChangedSignal(org::zones::Zone_adaptor::INTERFACE_NAME, changed);
}

Caller ZoneDbus::caller() const {
    return caller_of(getObject().getCurrentlyProcessedMessage());
}

// Only the name is passed on: this object may be gone (renamed, deleted)
// by the time the call runs.

void ZoneDbus::GetConfiguration(sdbus::Result<std::string>&& result) {
    calls_.get_configuration(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::SetConfiguration(sdbus::Result<>&& result, std::string xml) {
    calls_.set_configuration(caller(), std::move(result), snapshot().name, std::move(xml));
}

void ZoneDbus::Delete(sdbus::Result<>&& result, bool force) {
    calls_.delete_configuration(caller(), std::move(result), snapshot().name, force);
}

void ZoneDbus::Install(sdbus::Result<>&& result, std::vector<std::string> args) {
    calls_.install(caller(), std::move(result), snapshot().name, std::move(args));
}

void ZoneDbus::Uninstall(sdbus::Result<>&& result, bool force) {
    calls_.uninstall(caller(), std::move(result), snapshot().name, force);
}

void ZoneDbus::MarkIncomplete(sdbus::Result<>&& result) {
    calls_.mark_incomplete(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::Mark(sdbus::Result<>&& result, std::string state) {
    calls_.mark(caller(), std::move(result), snapshot().name, std::move(state));
}

void ZoneDbus::Clone(sdbus::Result<std::vector<std::string>>&& result, std::string source,
                     std::vector<std::string> args) {
    calls_.clone(caller(), std::move(result), snapshot().name, std::move(source), std::move(args));
}

void ZoneDbus::Move(sdbus::Result<std::vector<std::string>>&& result, std::string zonepath) {
    calls_.move(caller(), std::move(result), snapshot().name, std::move(zonepath));
}

void ZoneDbus::Detach(sdbus::Result<std::string>&& result, bool dry_run) {
    calls_.detach(caller(), std::move(result), snapshot().name, dry_run);
}

void ZoneDbus::Attach(sdbus::Result<std::vector<std::string>>&& result, bool force) {
    calls_.attach(caller(), std::move(result), snapshot().name, force);
}

void ZoneDbus::Verify(sdbus::Result<std::vector<std::string>>&& result) {
    calls_.verify_zone(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::Ready(sdbus::Result<std::string>&& result) {
    calls_.ready(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::Boot(sdbus::Result<std::string>&& result, std::string args) {
    calls_.boot(caller(), std::move(result), snapshot().name, std::move(args));
}

void ZoneDbus::Halt(sdbus::Result<std::string>&& result) {
    calls_.halt(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::Shutdown(sdbus::Result<std::string>&& result, bool reboot, std::string args) {
    calls_.shutdown(caller(), std::move(result), snapshot().name, reboot, std::move(args));
}

void ZoneDbus::Reboot(sdbus::Result<std::string>&& result, std::string args) {
    calls_.reboot(caller(), std::move(result), snapshot().name, std::move(args));
}

void ZoneDbus::Apply(sdbus::Result<std::string>&& result) {
    calls_.apply(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::RunCommand(sdbus::Result<int32_t>&& result, std::string user,
                          std::vector<std::string> command, sdbus::UnixFd in_fd,
                          sdbus::UnixFd out_fd, sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd,
                          uint64_t flags) {
    calls_.run_command(caller(), std::move(result), snapshot().name, std::move(user),
                       std::move(command), std::move(in_fd), std::move(out_fd), std::move(err_fd),
                       std::move(signal_fd), flags);
}

void ZoneDbus::OpenShell(sdbus::Result<sdbus::UnixFd, std::string>&& result, std::string user,
                         std::string term, uint64_t flags) {
    calls_.open_shell(caller(), std::move(result), snapshot().name, std::move(user),
                      std::move(term), flags);
}

void ZoneDbus::OpenConsole(sdbus::Result<sdbus::UnixFd>&& result) {
    calls_.open_console(caller(), std::move(result), snapshot().name);
}

void ZoneDbus::GetLog(sdbus::Result<std::vector<ZoneCalls::LogRow>>&& result, uint32_t count) {
    calls_.get_log(caller(), std::move(result), snapshot().name, count);
}

void ZoneDbus::GetAccess(sdbus::Result<std::vector<std::string>>&& result,
                         std::vector<std::string> verbs) {
    calls_.get_access(caller(), std::move(result), snapshot().name, std::move(verbs));
}

std::string ZoneDbus::Name() { return snapshot().name; }
std::string ZoneDbus::State() { return std::string(state_name(snapshot().state)); }
int32_t ZoneDbus::Id() { return snapshot().id; }
std::string ZoneDbus::ZonePath() { return snapshot().zonepath; }
std::string ZoneDbus::Brand() { return snapshot().brand; }
std::string ZoneDbus::IPType() { return snapshot().ip_type; }
std::string ZoneDbus::UUID() { return snapshot().uuid; }
bool ZoneDbus::Autoboot() { return snapshot().autoboot; }

}  // namespace zones::daemon
