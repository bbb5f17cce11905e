#include "manager-dbus.hpp"

#include <fmt/format.h>

#include "log.hpp"

namespace zones::daemon {

ManagerDbus::ManagerDbus(sdbus::IConnection& connection, Manager& manager, Runtime& runtime,
                         WorkQueue& queue)
    : AdaptorInterfaces(connection, kZonesObjectPath),
      connection_(connection),
      manager_(manager),
      runtime_(runtime),
      queue_(queue) {
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
    return Caller{sender_euid(getObject().getCurrentlyProcessedMessage())};
}

void ManagerDbus::zone_added(const ZoneInfo& zone) {
    try {
        auto object = std::make_unique<ZoneDbus>(connection_, manager_, runtime_, queue_, zone);
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
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result), [&manager](auto& reply) {
        manager.refresh();
        std::vector<ZoneRow> rows;
        for (const ZoneInfo& z : manager.list())
            rows.emplace_back(z.id, z.name, std::string(state_name(z.state)), z.zonepath,
                              z.uuid, z.brand, z.ip_type,
                              sdbus::ObjectPath(zone_object_path(z.name)));
        reply.ok(rows);
    });
}

void ManagerDbus::GetZone(sdbus::Result<sdbus::ObjectPath>&& result, std::string name) {
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result),
                  [&manager, name = std::move(name)](auto& reply) {
                      manager.refresh();
                      if (!manager.find(name))
                          throw ZoneError(ErrorKind::NoSuchZone,
                                          fmt::format("{}: No such zone configured",
                                                      shown_name(name)));
                      reply.ok(sdbus::ObjectPath(zone_object_path(name)));
                  });
}

void ManagerDbus::GetConfiguration(sdbus::Result<std::string>&& result, std::string name) {
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result),
                  [&manager, name = std::move(name)](auto& reply) {
                      reply.ok(manager.get_configuration(name));
                  });
}

void ManagerDbus::GetTemplate(sdbus::Result<std::string>&& result, std::string name) {
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result),
                  [&manager, name = std::move(name)](auto& reply) {
                      reply.ok(manager.get_template(name));
                  });
}

void ManagerDbus::SetConfiguration(sdbus::Result<sdbus::ObjectPath>&& result,
                                   std::string old_name, std::string xml) {
    const Caller who = caller();     // now, while the message is current
    Manager& manager = manager_;
    // New zones share one lane: their name is only known after parsing.
    const std::string key = old_name;
    run_operation(queue_, key, std::move(result),
                  [&manager, who, old_name = std::move(old_name), xml = std::move(xml)](
                      auto& reply) {
                      const ZoneInfo saved = manager.set_configuration(who, old_name, xml);
                      reply.ok(sdbus::ObjectPath(zone_object_path(saved.name)));
                  });
}

void ManagerDbus::VerifyConfiguration(sdbus::Result<std::vector<std::string>>&& result,
                                      std::string xml) {
    Manager& manager = manager_;
    run_operation(queue_, unordered_key(), std::move(result),
                  [&manager, xml = std::move(xml)](auto& reply) {
                      reply.ok(manager.verify(xml));
                  });
}

void ManagerDbus::DeleteConfiguration(sdbus::Result<>&& result, std::string name, bool force) {
    const Caller who = caller();
    Manager& manager = manager_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&manager, who, name = std::move(name), force](auto& reply) {
                      manager.delete_configuration(who, name, force);
                      reply.ok();
                  });
}

// The lifecycle: every verb runs on the zone's lane, so two verbs for one
// zone never overlap, and a slow zone holds up only its own callers.

void ManagerDbus::Install(sdbus::Result<>&& result, std::string name,
                          std::vector<std::string> args) {
    const Caller who = caller();
    Manager& manager = manager_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&manager, who, name = std::move(name), args = std::move(args)](auto& reply) {
                      manager.install(who, name, args);
                      reply.ok();
                  });
}

void ManagerDbus::Uninstall(sdbus::Result<>&& result, std::string name, bool force) {
    const Caller who = caller();
    Manager& manager = manager_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&manager, who, name = std::move(name), force](auto& reply) {
                      manager.uninstall(who, name, force);
                      reply.ok();
                  });
}

void ManagerDbus::MarkIncomplete(sdbus::Result<>&& result, std::string name) {
    const Caller who = caller();
    Manager& manager = manager_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&manager, who, name = std::move(name)](auto& reply) {
                      manager.mark_incomplete(who, name);
                      reply.ok();
                  });
}

void ManagerDbus::VerifyZone(sdbus::Result<std::vector<std::string>>&& result,
                             std::string name) {
    Manager& manager = manager_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result), [&manager, name = std::move(name)](auto& reply) {
        reply.ok(manager.verify_zone(name));
    });
}

void ManagerDbus::Ready(sdbus::Result<std::string>&& result, std::string name) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name)](auto& reply) {
                      reply.ok(runtime.ready(who, name));
                  });
}

void ManagerDbus::Boot(sdbus::Result<std::string>&& result, std::string name, std::string args) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name), args = std::move(args)](auto& reply) {
                      reply.ok(runtime.boot(who, name, args));
                  });
}

void ManagerDbus::Halt(sdbus::Result<std::string>&& result, std::string name) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name)](auto& reply) {
                      reply.ok(runtime.halt(who, name));
                  });
}

void ManagerDbus::Shutdown(sdbus::Result<std::string>&& result, std::string name, bool reboot,
                           std::string args) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name), reboot, args = std::move(args)](
                      auto& reply) { reply.ok(runtime.shutdown(who, name, reboot, args)); });
}

void ManagerDbus::Reboot(sdbus::Result<std::string>&& result, std::string name,
                         std::string args) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name), args = std::move(args)](auto& reply) {
                      reply.ok(runtime.reboot(who, name, args));
                  });
}

void ManagerDbus::Apply(sdbus::Result<std::string>&& result, std::string name) {
    const Caller who = caller();
    Runtime& runtime = runtime_;
    const std::string key = name;
    run_operation(queue_, key, std::move(result),
                  [&runtime, who, name = std::move(name)](auto& reply) {
                      reply.ok(runtime.apply(who, name));
                  });
}

}  // namespace zones::daemon
