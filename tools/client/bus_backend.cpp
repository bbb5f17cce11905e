#include "client/bus_backend.hpp"

#include <optional>

#include "client/bus.hpp"
#include "client/zones_api.hpp"
#include "zones/xml.hpp"

namespace zones::client {
namespace {

class BusBackend final : public zones::zonecfg::Backend {
public:
    std::optional<ZoneConfig> load(const std::string& zone) override {
        try {
            return from_xml(get_configuration(bus(), zone), kOrigin);
        } catch (const ZoneError& e) {
            if (e.kind() == ErrorKind::NoSuchZone)
                return std::nullopt;
            throw;
        }
    }

    std::optional<ZoneState> state(const std::string& zone) override {
        for (const ZoneSummary& z : list_zones(bus()))
            if (z.name == zone)
                return parse_state(z.state);
        return std::nullopt;
    }

    std::optional<ZoneConfig> load_template(const std::string& name) override {
        try {
            return from_xml(get_template(bus(), name), kOrigin);
        } catch (const ZoneError& e) {
            if (e.kind() == ErrorKind::NoSuchZone)
                return std::nullopt;
            throw;
        }
    }

    void commit(const ZoneConfig& cfg, const std::string& old_name) override {
        set_configuration(bus(), old_name, to_xml(cfg));
    }

    void remove(const std::string& zone, bool force) override {
        delete_configuration(bus(), zone, force);
    }

private:
    static constexpr const char* kOrigin = "org.zones.Manager";

    const Bus& bus() {
        if (!bus_)
            bus_.emplace(Bus::system());
        return *bus_;
    }

    std::optional<Bus> bus_;
};

}  // namespace

std::unique_ptr<zones::zonecfg::Backend> make_bus_backend() {
    return std::make_unique<BusBackend>();
}

}  // namespace zones::client
