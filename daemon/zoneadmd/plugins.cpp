#define BOOST_DLL_USE_STD_FS 1
#include "plugins.hpp"

#include <dirent.h>
#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include "log.hpp"
#include "sys.hpp"

namespace zones::zoneadmd {
namespace {

int rank(const std::string& file) {
    if (file == "fs.so") return 0;
    if (file == "dev.so") return 1;
    return 2;
}

std::string load_one(const std::string& path, const std::string& zone, std::unique_ptr<Subsystem>& out) {
    auto fail = [&](std::string_view cause) { return fmt::format("zone '{}': plugin {}: {}", zone, path, cause); };
    struct stat st {};
    if (::stat(path.c_str(), &st) < 0) return fail(errno_text("stat", errno));
    if (!S_ISREG(st.st_mode)) return fail("not a regular file");
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) return fail("group or world writable, refused");
    if (st.st_uid != 0) return fail("not owned by root, refused");

    namespace dll = boost::dll;
    // RTLD_NODELETE: the library outlives every object it created, even at exit.
    const auto mode = static_cast<dll::load_mode::type>(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    boost::dll::fs::error_code ec;
    ::dlerror();
    dll::shared_library lib(path, ec, mode);
    if (ec) {
        const char* e = ::dlerror();   // Boost says only "Bad file descriptor"
        std::string why = e ? e : ec.message();
        logf(3, "plugin {}: dlerror: {}", path, why);
        if (why.rfind(path + ": ", 0) == 0) why.erase(0, path.size() + 2);   // the path is said once
        return fail(why);
    }
    if (!lib.has(kSubsystemAbiSymbol) || !lib.has(kSubsystemCreateSymbol))
        return fail("not a zones subsystem plugin (no zones_subsystem_abi)");
    const unsigned abi = lib.get_alias<const unsigned>(kSubsystemAbiSymbol);
    if (abi != kSubsystemAbi) return fail(fmt::format("wrong interface version {} (want {})", abi, kSubsystemAbi));
    auto& create = lib.get_alias<SubsystemFactory>(kSubsystemCreateSymbol);
    out = create();
    if (!out) return fail("factory returned no subsystem");
    return {};
}

}  // namespace

std::string PluginSet::default_dir() {
    const char* dir = sys::test_hook(sys::Hook::PluginDir);
    return dir ? dir : ZONES_PLUGIN_DIR;
}

std::string PluginSet::load(const std::string& dir, const std::string& zone) {
    std::vector<std::string> files;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string n = e->d_name;
            if (n.size() > 3 && n.compare(n.size() - 3, 3, ".so") == 0) files.push_back(std::move(n));
        }
        ::closedir(d);
    } else {
        return fmt::format("zone '{}': plugin directory {}", zone, errno_text(dir, errno).substr(dir.size() + 2));
    }
    std::sort(files.begin(), files.end(), [](const std::string& a, const std::string& b) {
        return std::pair(rank(a), a) < std::pair(rank(b), b);
    });
    for (const auto& f : files) {
        std::unique_ptr<Subsystem> sub;
        if (std::string err = load_one(dir + "/" + f, zone, sub); !err.empty()) return err;
        subs_.emplace_back(f, std::move(sub));
    }
    for (const char* req : {"fs", "dev"}) {
        bool found = std::any_of(subs_.begin(), subs_.end(),
                                 [&](const auto& s) { return std::string_view(s.second->name()) == req; });
        if (!found) return fmt::format("zone '{}': plugin {}/{}.so: required plugin missing", zone, dir, req);
    }
    return {};
}

std::string PluginSet::signature(const std::string& dir) {
    std::vector<std::string> v;
    DIR* d = ::opendir(dir.c_str());
    if (!d) return "error " + std::to_string(errno);
    while (dirent* e = ::readdir(d)) {
        const std::string_view n = e->d_name;
        if (n.size() <= 3 || n.substr(n.size() - 3) != ".so") continue;
        struct stat st {};   // what dlopen opens: through a symlink
        const int r = ::fstatat(::dirfd(d), e->d_name, &st, 0);
        v.push_back(fmt::format("{} {} {} {} {} {}.{}", n, r, st.st_dev, st.st_ino, st.st_size, st.st_ctim.tv_sec,
                                st.st_ctim.tv_nsec));
    }
    ::closedir(d);
    std::sort(v.begin(), v.end());
    std::string out;
    for (const std::string& l : v) out.append(l).push_back('\n');
    return out;
}

std::vector<Subsystem*> PluginSet::in_order() const {
    std::vector<Subsystem*> v;
    for (const auto& s : subs_) v.push_back(s.second.get());
    return v;
}

}  // namespace zones::zoneadmd
