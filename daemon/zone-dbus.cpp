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

ZoneDbus::ZoneDbus(sdbus::IConnection& connection, Manager& manager, Runtime& runtime,
                   WorkQueue& queue, Logins& logins, ZoneInfo info)
    : AdaptorInterfaces(connection, zone_object_path(info.name)),
      manager_(manager),
      runtime_(runtime),
      queue_(queue),
      logins_(logins),
      info_(std::move(info)) {
    registerAdaptor();
    net_ = std::make_unique<ZoneNetDbus>(connection, getObjectPath(), manager, queue, info_.name);
    resources_ = std::make_unique<ZoneResourcesDbus>(connection, getObjectPath(), info_.name, manager, queue);
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
    return Caller{sender_euid(getObject().getCurrentlyProcessedMessage())};
}

void ZoneDbus::GetConfiguration(sdbus::Result<std::string>&& result) {
    const std::string name = snapshot().name;
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result), [&manager, name](auto& reply) {
        reply.ok(manager.get_configuration(name));
    });
}

void ZoneDbus::SetConfiguration(sdbus::Result<>&& result, std::string xml) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    // Only the name is captured: this object may be gone (renamed,
    // deleted) by the time the job runs.
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result),
                  [&manager, name, who, xml = std::move(xml)](auto& reply) {
                      manager.set_configuration(who, name, xml);
                      reply.ok();
                  });
}

void ZoneDbus::Delete(sdbus::Result<>&& result, bool force) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result), [&manager, name, who, force](auto& reply) {
        manager.delete_configuration(who, name, force);
        reply.ok();
    });
}

// The lifecycle of this zone: the same work as the Manager's methods, on
// the zone's lane; only the name is captured (see SetConfiguration).

void ZoneDbus::Install(sdbus::Result<>&& result, std::vector<std::string> args) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result),
                  [&manager, name, who, args = std::move(args)](auto& reply) {
                      manager.install(who, name, args);
                      reply.ok();
                  });
}

void ZoneDbus::Uninstall(sdbus::Result<>&& result, bool force) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result), [&manager, name, who, force](auto& reply) {
        manager.uninstall(who, name, force);
        reply.ok();
    });
}

void ZoneDbus::MarkIncomplete(sdbus::Result<>&& result) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result), [&manager, name, who](auto& reply) {
        manager.mark_incomplete(who, name);
        reply.ok();
    });
}

void ZoneDbus::Verify(sdbus::Result<std::vector<std::string>>&& result) {
    const std::string name = snapshot().name;
    Manager& manager = manager_;
    run_operation(queue_, name, std::move(result),
                  [&manager, name](auto& reply) { reply.ok(manager.verify_zone(name)); });
}

void ZoneDbus::Ready(sdbus::Result<std::string>&& result) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who](auto& reply) { reply.ok(runtime.ready(who, name)); });
}

void ZoneDbus::Boot(sdbus::Result<std::string>&& result, std::string args) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who, args = std::move(args)](auto& reply) {
                      reply.ok(runtime.boot(who, name, args));
                  });
}

void ZoneDbus::Halt(sdbus::Result<std::string>&& result) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who](auto& reply) { reply.ok(runtime.halt(who, name)); });
}

void ZoneDbus::Shutdown(sdbus::Result<std::string>&& result, bool reboot, std::string args) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who, reboot, args = std::move(args)](auto& reply) {
                      reply.ok(runtime.shutdown(who, name, reboot, args));
                  });
}

void ZoneDbus::Reboot(sdbus::Result<std::string>&& result, std::string args) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who, args = std::move(args)](auto& reply) {
                      reply.ok(runtime.reboot(who, name, args));
                  });
}

void ZoneDbus::Apply(sdbus::Result<std::string>&& result) {
    const std::string name = snapshot().name;
    const Caller who = caller();
    Runtime& runtime = runtime_;
    run_operation(queue_, name, std::move(result),
                  [&runtime, name, who](auto& reply) { reply.ok(runtime.apply(who, name)); });
}

std::string ZoneDbus::Name() { return snapshot().name; }
std::string ZoneDbus::State() { return std::string(state_name(snapshot().state)); }
int32_t ZoneDbus::Id() { return snapshot().id; }
std::string ZoneDbus::ZonePath() { return snapshot().zonepath; }
std::string ZoneDbus::Brand() { return snapshot().brand; }
std::string ZoneDbus::IPType() { return snapshot().ip_type; }
std::string ZoneDbus::UUID() { return snapshot().uuid; }
bool ZoneDbus::Autoboot() { return snapshot().autoboot; }

void ZoneDbus::RunCommand(sdbus::Result<int32_t>&& result, std::string user,
                          std::vector<std::string> command, sdbus::UnixFd in_fd,
                          sdbus::UnixFd out_fd, sdbus::UnixFd err_fd, sdbus::UnixFd signal_fd,
                          uint64_t flags) {
    logins_.run(caller(), std::move(result), snapshot().name, user, command,
                {in_fd.get(), out_fd.get(), err_fd.get(), signal_fd.get()}, flags);
}

void ZoneDbus::OpenShell(sdbus::Result<sdbus::UnixFd, std::string>&& result, std::string user,
                         std::string term, uint64_t flags) {
    logins_.shell(caller(), std::move(result), snapshot().name, user, term, flags);
}

void ZoneDbus::OpenConsole(sdbus::Result<sdbus::UnixFd>&& result) {
    const pid_t pid = sender_pid(getObject().getCurrentlyProcessedMessage());
    logins_.console(caller(), pid, std::move(result), snapshot().name);
}

}  // namespace zones::daemon
