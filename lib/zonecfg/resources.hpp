// Resource types of zonecfg and the string properties of each, in the order
// info and export print them; plus generic matching used by select, remove,
// info filters and end's duplicate checks.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "zones/config.hpp"

namespace zones::zonecfg {

enum class Res { Fs, Ipd, Net, Device, Rctl, Attr, Dataset, Dcpu, Pcap, Mcap, Admin, Secflags };

std::string_view res_name(Res r);                     // "fs", "dedicated-cpu", ...
std::optional<Res> res_from_name(std::string_view name);
// The simple properties a resource type has (select/remove/info filters).
bool resource_has_property(Res r, std::string_view property);

template <class R>
struct Field {
    std::string_view name;
    std::string R::*member;
};

// The simple string properties of each resource struct, in print order.
template <class R> std::span<const Field<R>> fields();

template <> inline std::span<const Field<Fs>> fields<Fs>() {
    static const Field<Fs> f[] = {
        {"dir", &Fs::dir}, {"special", &Fs::special}, {"raw", &Fs::raw}, {"type", &Fs::type}};
    return f;
}
template <> inline std::span<const Field<InheritPkgDir>> fields<InheritPkgDir>() {
    static const Field<InheritPkgDir> f[] = {{"dir", &InheritPkgDir::dir}};
    return f;
}
template <> inline std::span<const Field<Net>> fields<Net>() {
    static const Field<Net> f[] = {
        {"address", &Net::address}, {"allowed-address", &Net::allowed_address},
        {"physical", &Net::physical}, {"defrouter", &Net::defrouter}, {"linkname", &Net::linkname}};
    return f;
}
template <> inline std::span<const Field<Device>> fields<Device>() {
    static const Field<Device> f[] = {{"match", &Device::match}};
    return f;
}
template <> inline std::span<const Field<Rctl>> fields<Rctl>() {
    static const Field<Rctl> f[] = {{"name", &Rctl::name}};
    return f;
}
template <> inline std::span<const Field<Attr>> fields<Attr>() {
    static const Field<Attr> f[] = {
        {"name", &Attr::name}, {"type", &Attr::type}, {"value", &Attr::value}};
    return f;
}
template <> inline std::span<const Field<Dataset>> fields<Dataset>() {
    static const Field<Dataset> f[] = {{"name", &Dataset::name}};
    return f;
}
template <> inline std::span<const Field<DedicatedCpu>> fields<DedicatedCpu>() {
    static const Field<DedicatedCpu> f[] = {
        {"ncpus", &DedicatedCpu::ncpus}, {"importance", &DedicatedCpu::importance}};
    return f;
}
template <> inline std::span<const Field<Admin>> fields<Admin>() {
    static const Field<Admin> f[] = {{"user", &Admin::user}, {"auths", &Admin::auths}};
    return f;
}
template <> inline std::span<const Field<SecurityFlags>> fields<SecurityFlags>() {
    static const Field<SecurityFlags> f[] = {
        {"default", &SecurityFlags::defaults}, {"lower", &SecurityFlags::lower},
        {"upper", &SecurityFlags::upper}};
    return f;
}

template <class R>
std::string* field(R& r, std::string_view name) {
    for (const auto& f : fields<R>())
        if (f.name == name)
            return &(r.*f.member);
    return nullptr;
}

template <class R>
bool has_field(std::string_view name) {
    for (const auto& f : fields<R>())
        if (f.name == name)
            return true;
    return false;
}

// `candidate` matches when every non-empty field of `filter` is equal in it
// (libzonecfg's lookup rule).
template <class R>
bool matches(const R& candidate, const R& filter) {
    for (const auto& f : fields<R>())
        if (!(filter.*f.member).empty() && filter.*f.member != candidate.*f.member)
            return false;
    return true;
}

}  // namespace zones::zonecfg
