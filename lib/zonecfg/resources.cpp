#include "zonecfg/resources.hpp"

#include <array>
#include <utility>

namespace zones::zonecfg {
namespace {

constexpr std::array<std::pair<Res, std::string_view>, 12> kNames = {{
    {Res::Fs, "fs"},
    {Res::Ipd, "inherit-pkg-dir"},
    {Res::Net, "net"},
    {Res::Device, "device"},
    {Res::Rctl, "rctl"},
    {Res::Attr, "attr"},
    {Res::Dataset, "dataset"},
    {Res::Dcpu, "dedicated-cpu"},
    {Res::Pcap, "capped-cpu"},
    {Res::Mcap, "capped-memory"},
    {Res::Admin, "admin"},
    {Res::Secflags, "security-flags"},
}};

}  // namespace

std::string_view res_name(Res r) {
    for (auto [id, name] : kNames)
        if (id == r)
            return name;
    return "unknown";
}

std::optional<Res> res_from_name(std::string_view name) {
    for (auto [id, n] : kNames)
        if (n == name)
            return id;
    return std::nullopt;
}

bool resource_has_property(Res r, std::string_view p) {
    switch (r) {
    case Res::Fs: return has_field<Fs>(p);
    case Res::Ipd: return has_field<InheritPkgDir>(p);
    case Res::Net: return has_field<Net>(p);
    case Res::Device: return has_field<Device>(p);
    case Res::Rctl: return has_field<Rctl>(p);
    case Res::Attr: return has_field<Attr>(p);
    case Res::Dataset: return has_field<Dataset>(p);
    case Res::Dcpu: return has_field<DedicatedCpu>(p);
    case Res::Pcap: return p == "ncpus";
    case Res::Mcap: return p == "physical" || p == "swap" || p == "locked";
    case Res::Admin: return has_field<Admin>(p);
    case Res::Secflags: return has_field<SecurityFlags>(p);
    }
    return false;
}

}  // namespace zones::zonecfg
