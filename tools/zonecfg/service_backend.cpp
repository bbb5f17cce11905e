#include "service_backend.hpp"

#include <string_view>
#include <utility>

namespace zones::zonecfg_tool {
namespace {

template <class F>
auto guard(F&& f) {
    try {
        return f();
    } catch (const ZoneError& e) {
        // client/bus.hpp: the service or bus cannot be reached.
        if (e.kind() == ErrorKind::Internal &&
            std::string_view(e.what()).starts_with("cannot reach the zones service"))
            throw ServiceUnreachable(e.what());
        throw;
    }
}

class Guarded final : public zonecfg::Backend {
public:
    explicit Guarded(std::unique_ptr<zonecfg::Backend> inner) : inner_(std::move(inner)) {}

    std::optional<ZoneConfig> load(const std::string& zone) override {
        return guard([&] { return inner_->load(zone); });
    }
    std::optional<ZoneState> state(const std::string& zone) override {
        return guard([&] { return inner_->state(zone); });
    }
    std::optional<ZoneConfig> load_template(const std::string& name) override {
        return guard([&] { return inner_->load_template(name); });
    }
    void commit(const ZoneConfig& cfg, const std::string& old_name) override {
        guard([&] { inner_->commit(cfg, old_name); });
    }
    void remove(const std::string& zone, bool force) override {
        guard([&] { inner_->remove(zone, force); });
    }

private:
    std::unique_ptr<zonecfg::Backend> inner_;
};

}  // namespace

std::unique_ptr<zonecfg::Backend> guard_unreachable(std::unique_ptr<zonecfg::Backend> inner) {
    return std::make_unique<Guarded>(std::move(inner));
}

}  // namespace zones::zonecfg_tool
