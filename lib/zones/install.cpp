// install / uninstall of a zone root: the order of the steps, the brand
// arguments, and fresh identifiers.
#include "zones/install.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/core.h>

#include "zones/idmap.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

std::array<unsigned char, 16> random_bytes() {
    std::array<unsigned char, 16> b{};
    std::size_t got = 0;
    while (got < b.size()) {
        ssize_t n = ::getrandom(b.data() + got, b.size() - got, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            throw ZoneError(ErrorKind::Internal,
                            fmt::format("getrandom: {}", std::strerror(errno)));
        }
        got += static_cast<std::size_t>(n);
    }
    // RFC 4122 version 4, variant 1 (systemd's machine-ids look the same).
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    return b;
}

std::string hex(const std::array<unsigned char, 16>& b) {
    std::string out;
    for (unsigned char c : b)
        out += fmt::format("{:02x}", c);
    return out;
}

bool whole_root(const ZoneConfig& cfg) { return cfg.brand == kWholeRootBrand; }
bool debian(const ZoneConfig& cfg) { return cfg.brand == kDebianBrand; }

}  // namespace

std::string new_uuid() {
    const std::string h = hex(random_bytes());
    return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4),
                       h.substr(16, 4), h.substr(20));
}

std::string new_machine_id() { return hex(random_bytes()); }

std::string install_usage(std::string_view brand) {
    if (brand == kWholeRootBrand)
        return "install {-a archive|-d path} [-x nodataset]";
    if (brand == kDebianBrand)
        return "install [-a archive|-d path] [-x nodataset]";
    return "install [-x nodataset]";
}

Options parse_install_args(const ZoneConfig& cfg, const std::vector<std::string>& args) {
    Options o;
    auto usage = [&](const std::string& why) {
        return ZoneError(ErrorKind::Invalid,
                         fmt::format("{}\nbrand-specific usage: {}", why, install_usage(cfg.brand)));
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size())
                throw usage(fmt::format("option requires an argument -- {}", a.substr(1)));
            return args[++i];
        };
        if (a == "-a") {
            o.archive = value();
        } else if (a == "-d") {
            o.directory = value();
        } else if (a == "-x") {
            if (value() != "nodataset")
                throw usage("-x: the only extension is nodataset");
        } else {
            throw usage(fmt::format("unexpected argument '{}'", a));
        }
    }
    if (debian(cfg)) {
        if (!o.archive.empty() && !o.directory.empty())
            throw usage("-a archive and -d path cannot be used together");
        const std::string& p = o.archive.empty() ? o.directory : o.archive;
        if (!p.empty() && p[0] != '/')
            throw usage(fmt::format("{} is not an absolute path.", p));
        return o;
    }
    if (!whole_root(cfg) && (!o.archive.empty() || !o.directory.empty()))
        throw usage(fmt::format("the {} brand installs from the global zone; -a and -d are for "
                                "whole-root zones",
                                cfg.brand));
    if (whole_root(cfg)) {
        if (o.archive.empty() == o.directory.empty())
            throw usage("a whole-root zone is installed from exactly one of -a archive or -d path");
        const std::string& p = o.archive.empty() ? o.directory : o.archive;
        if (p.empty() || p[0] != '/')
            throw usage(fmt::format("{} is not an absolute path.", p));
    }
    return o;
}

std::vector<std::string> install_root(const ZoneConfig& cfg, const Options& options,
                                      const Host& host) {
    std::optional<sys::Fd> zonepath =
        safefs::open_host_dir(cfg.zonepath, /*create=*/true, 0700);
    if (!zonepath)
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: cannot create", cfg.zonepath));
    const fs::path root_path = fs::path(cfg.zonepath) / "root";
    if (::mkdirat(zonepath->get(), "root", 0755) != 0 && errno != EEXIST)
        fsutil::throw_errno(root_path, errno);
    sys::Fd fd(::openat(zonepath->get(), "root",
                                 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd)
        fsutil::throw_errno(root_path, errno);
    if (::fchown(fd.get(), 0, 0) != 0 || ::fchmod(fd.get(), 0755) != 0)
        fsutil::throw_errno(root_path, errno);
    if (!safefs::dir_is_empty(fd.get(), root_path))
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("{}: not empty; remove it or uninstall first",
                                    root_path.string()));
    const safefs::RootDir root(std::move(fd), root_path);

    if (!whole_root(cfg) && !debian(cfg))
        return seed_sparse(root, cfg, host);
    if (debian(cfg) && options.archive.empty() && options.directory.empty())
        bootstrap_debian(root, cfg, host);
    else if (!options.archive.empty())
        unpack_archive(root, options.archive);
    else
        copy_tree(root, options.directory);
    std::vector<std::string> warnings;
    if (std::string w = seed_identity(root, cfg); !w.empty())
        warnings.push_back(w);
    return warnings;
}

void uninstall_root(const ZoneConfig& cfg) {
    std::optional<sys::Fd> zonepath = safefs::open_host_dir(cfg.zonepath, false);
    if (!zonepath)
        return;
    for (const char* sub : {"root", "dev"})
        safefs::remove_tree(zonepath->get(), sub, fs::path(cfg.zonepath) / sub);
    // Where the owners of the root were: gone with it.
    idmap::write_root_base(cfg.zonepath, std::nullopt);
}

}  // namespace zones::install
