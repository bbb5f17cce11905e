// The built-in SUNWdefault, SUNWblank and debian templates.
#include <sys/stat.h>

#include "zones/store.hpp"

namespace zones {

namespace {

// Only real directories are inherited: on a merged-/usr host /bin, /lib...
// are symlinks into /usr, which is inherited already.
bool real_directory(const char* path) {
    struct stat st {};
    return ::lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

ZoneConfig default_template() {
    ZoneConfig cfg;
    cfg.name = "default";
    cfg.brand = std::string(kDefaultBrand);
    cfg.ip_type = "shared";
    cfg.autoboot = false;
    for (const char* dir : {"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin"})
        if (real_directory(dir)) cfg.ipds.push_back({dir});
    return cfg;
}

ZoneConfig blank_template() {
    ZoneConfig cfg;
    cfg.name = "blank";
    cfg.brand = std::string(kWholeRootBrand);
    cfg.ip_type = "shared";
    cfg.autoboot = false;
    return cfg;
}

}  // namespace zones

namespace zones {

ZoneConfig debian_template() {
    ZoneConfig cfg;
    cfg.name = "debian";
    cfg.brand = std::string(kDebianBrand);
    cfg.ip_type = "shared";
    cfg.autoboot = false;
    return cfg;
}

}  // namespace zones
