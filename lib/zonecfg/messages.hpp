// The libzonecfg error strings zonecfg prints as "PREFIX: <string>"
// (zonecfg_strerror), for the codes the session uses.
#pragma once

#include <string_view>

namespace zones::zonecfg {

enum class Z {
    NoZone,
    BadZoneState,
    NoResourceType,
    NoResourceId,
    NoPropertyType,
    NoPropertyId,
    InsufficientSpec,
    BogusZoneName,
    NameInUse,
    NoEntry,
    ReqdResourceMissing,
    ReqdPropertyMissing,
    Inval,
    Incompatible,
    AliasDisallow,
    ClearDisallow,
    InvalidDocument,
};

constexpr std::string_view strerror(Z z) {
    switch (z) {
    case Z::NoZone: return "No such zone configured";
    case Z::BadZoneState: return "Zone state is invalid for the requested operation";
    case Z::NoResourceType: return "No such resource type";
    case Z::NoResourceId: return "No such resource with that id";
    case Z::NoPropertyType: return "No such property type";
    case Z::NoPropertyId: return "No such property with that id";
    case Z::InsufficientSpec: return "Insufficient specification";
    case Z::BogusZoneName: return "Bogus zone name";
    case Z::NameInUse: return "Zone name already in use";
    case Z::NoEntry: return "No such entry";
    case Z::ReqdResourceMissing: return "Required resource missing";
    case Z::ReqdPropertyMissing: return "Required property missing";
    case Z::Inval: return "Invalid argument";
    case Z::Incompatible: return "Incompatible settings";
    case Z::AliasDisallow: return "An incompatible rctl already exists for this property";
    case Z::ClearDisallow: return "Clearing this property is not allowed";
    case Z::InvalidDocument: return "Invalid document";
    }
    return "Unknown error";
}

}  // namespace zones::zonecfg
