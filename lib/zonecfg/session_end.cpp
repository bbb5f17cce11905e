// end and cancel: check the edited resource and put it into the
// configuration, or throw it away.
#include <fmt/format.h>

#include "zonecfg/alias.hpp"
#include "zonecfg/help.hpp"
#include "zonecfg/session_impl.hpp"
#include "zonecfg/values.hpp"

namespace zones::zonecfg {
namespace {

// "A fs resource with the dir '/x' already exists." ("An attr ...")
std::string exists_message(Res r, std::string_view prop, std::string_view value) {
    return fmt::format("{} {} resource with the {} '{}' already exists.",
                       r == Res::Attr ? "An" : "A", res_name(r), prop, value);
}

}  // namespace

// --- end / cancel -----------------------------------------------------------------

void Session::Impl::cmd_cancel(const Command& c) {
    Options o;
    if (!flags(c, "?", o))
        return;
    if (!edit)
        scope_usage(Cmd::Cancel);
    edit.reset();
}

void Session::Impl::cmd_end(const Command& c) {
    Options o;
    if (!flags(c, "?", o))
        return;
    if (!edit) {
        scope_usage(Cmd::End);
        return;
    }
    if (!initialize())
        return;
    if (!end_checks()) {
        saw_error = true;
        return;
    }
    dirty = true;
    edit.reset();
}

namespace {

// Put the edited resource back: appended after `add`, in place after `select`.
template <class R>
bool store(Session::Impl& s, std::vector<R>& items, const R& r) {
    const Edit& e = *s.edit;
    if (e.adding) {
        items.push_back(r);
        return true;
    }
    if (e.index >= items.size()) {
        s.perror(s.zone, Z::NoResourceId);
        return false;
    }
    items[e.index] = r;
    return true;
}

// Another resource already has this key. Upstream checks only on add; a
// select that renames onto another key is refused too, so keys stay unique
// and export always reads back.
template <class R>
bool key_taken(const Edit& e, const std::vector<R>& items, std::string R::*key,
               const std::string& value) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if ((e.adding || i != e.index) && items[i].*key == value)
            return true;
    return false;
}

}  // namespace

bool Session::Impl::end_checks() {
    ZoneConfig& cf = *cfg;
    Edit& e = *edit;
    bool failed = false;
    auto required = [&](const std::string& value, std::string_view prop) {
        if (!value.empty())
            return true;
        zerr(fmt::format("{} not specified", prop));
        failed = true;
        return false;
    };
    auto absolute = [&](const std::string& value, std::string_view prop) {
        if (!value.empty() && value.front() != '/') {
            zerr(fmt::format("{} {} is not an absolute path.", prop, value));
            failed = true;
        }
    };
    auto duplicate = [&](Res r, std::string_view prop, const std::string& value) {
        error(exists_message(r, prop, value));
        return false;
    };

    switch (e.type) {
    case Res::Fs:
        if (required(e.fs.dir, "dir"))
            absolute(e.fs.dir, "dir");
        required(e.fs.special, "special");
        absolute(e.fs.raw, "raw");
        required(e.fs.type, "type");
        if (failed)
            return false;
        if (key_taken(e, cf.fs, &Fs::dir, e.fs.dir))
            return duplicate(Res::Fs, "dir", e.fs.dir);
        return store(*this, cf.fs, e.fs);
    case Res::Ipd:
        if (required(e.ipd.dir, "dir"))
            absolute(e.ipd.dir, "dir");
        if (failed)
            return false;
        if (key_taken(e, cf.ipds, &InheritPkgDir::dir, e.ipd.dir))
            return duplicate(Res::Ipd, "dir", e.ipd.dir);
        return store(*this, cf.ipds, e.ipd);
    case Res::Net:
        if (!required(e.net.physical, "physical"))
            return false;
        for (std::size_t i = 0; i < cf.nets.size(); ++i) {
            const Net& n = cf.nets[i];
            if (!e.adding && i == e.index)
                continue;
            // As the nets will be added back in order: a later one must not
            // match an earlier one (a modified net is checked both ways).
            bool taken = (e.adding || i < e.index) ? matches(n, e.net) : matches(e.net, n);
            if (taken) {
                if (!e.net.address.empty())
                    error(fmt::format("A net resource with the physical '{}', and address '{}' "
                                      "already exists.", n.physical, e.net.address));
                else
                    error(fmt::format("A net resource with the physical '{}', and "
                                      "allowed-address '{}' already exists.",
                                      n.physical, e.net.allowed_address));
                return false;
            }
        }
        return store(*this, cf.nets, e.net);
    case Res::Device:
        if (!required(e.device.match, "match"))
            return false;
        if (key_taken(e, cf.devices, &Device::match, e.device.match))
            return duplicate(Res::Device, "match", e.device.match);
        return store(*this, cf.devices, e.device);
    case Res::Rctl:
        required(e.rctl.name, "name");
        if (e.rctl.values.empty()) {
            zerr("no value specified");
            failed = true;
        }
        if (failed)
            return false;
        if (key_taken(e, cf.rctls, &Rctl::name, e.rctl.name))
            return duplicate(Res::Rctl, "name", e.rctl.name);
        return store(*this, cf.rctls, e.rctl);
    case Res::Attr: {
        required(e.attr.name, "name");
        required(e.attr.type, "type");
        required(e.attr.value, "value");
        if (auto m = attr_name_error(e.attr.name)) {
            zerr(*m);
            failed = true;
        }
        if (auto m = attr_value_error(e.attr)) {
            zerr(*m);
            failed = true;
        }
        if (failed)
            return false;
        if (key_taken(e, cf.attrs, &Attr::name, e.attr.name))
            return duplicate(Res::Attr, "name", e.attr.name);
        return store(*this, cf.attrs, e.attr);
    }
    case Res::Dataset:
        if (!required(e.dataset.name, "name"))
            return false;
        if (key_taken(e, cf.datasets, &Dataset::name, e.dataset.name))
            return duplicate(Res::Dataset, "name", e.dataset.name);
        return store(*this, cf.datasets, e.dataset);
    case Res::Dcpu:
        if (!required(e.dcpu.ncpus, "ncpus"))
            return false;
        cf.dedicated_cpu = e.dcpu;
        return true;
    case Res::Pcap:
        if (get_alias(cf, cpu_cap_alias()) != AliasState::Ok) {
            zerr("ncpus not specified");
            return false;
        }
        return true;
    case Res::Mcap: {
        std::uint64_t locked = 0;
        bool has_swap = get_alias(cf, max_swap_alias()) == AliasState::Ok;
        bool has_locked = get_alias(cf, max_locked_alias(), &locked) == AliasState::Ok;
        if (!e.physical && !has_swap && !has_locked) {
            zerr("No property was specified.  One of physical, swap or locked is required.");
            return false;
        }
        if (e.physical && has_locked && *e.physical < locked) {
            zerr("The locked cap must be less than or equal to the physical cap.");
            return false;
        }
        if (e.physical || !e.adding)
            cf.mcap_physical = e.physical;
        return true;
    }
    case Res::Admin:
        if (required(e.admin.user, "user") && !user_exists(e.admin.user)) {
            zerr(fmt::format("user {} is not a valid username", e.admin.user));
            failed = true;
        }
        if (required(e.admin.auths, "auths")) {
            for (const auto& bad : invalid_auths(e.admin.auths)) {
                zerr(fmt::format("'{}' is not a valid authorization", bad));
                failed = true;
            }
        }
        if (failed)
            return false;
        if (key_taken(e, cf.admins, &Admin::user, e.admin.user))
            return duplicate(Res::Admin, "user", e.admin.user);
        return store(*this, cf.admins, e.admin);
    case Res::Secflags:
        cf.security_flags = e.secflags;
        return true;
    }
    return false;
}

}  // namespace zones::zonecfg
