// Walking a directory tree a zone controls (its root: uninstall, the id
// shift at ready), with work bounded whatever the zone made of it: no
// recursion, one directory open at a time (a 5000-deep chain needs no 5000
// fds and no 10 KB path), never a symlink followed. Going down, each
// directory is opened with openat(O_NOFOLLOW | O_DIRECTORY) and checked
// against the lstat just taken (in a directory not looked into, see
// LookInside, it is opened first and fstat'ed); coming back, ".." is opened and checked
// against the (st_dev, st_ino) recorded on the way down, so a directory
// moved meanwhile is an error, never a way out of the tree.
#pragma once

#include <sys/stat.h>

#include <functional>
#include <string>

namespace zones::tree {

enum class Step { Descend, Skip, Stop };

// Called for every entry below the root, a directory before what is in it:
// `dir_fd` holds `name`, `st` is its lstat. Skip keeps the walk out of a
// directory; Stop ends it with `err` (set by the visitor) as its result.
using Visitor = std::function<Step(int dir_fd, const char* name, const struct stat& st, std::string& err)>;

// Asked once for every directory of the walk, the root first, with its
// fstat: false when what is in it needs no look, so that only its
// subdirectories are visited (found by the entries' d_type, opened and
// fstat'ed, and then asked the same), and its other entries are not even
// lstat'ed.
using LookInside = std::function<bool(const struct stat& dir)>;

// Everything below the directory `root_fd`. "" or "SHOWN/PATH: cause"
// (`shown` names the root in messages). Without `look`, every entry.
std::string walk(int root_fd, const std::string& shown, const Visitor& visit, const LookInside& look = {});

// Remove everything below `root_fd` (not the directory itself); with
// Directories only the directories (cgroupfs: a cgroup's files go with it).
// A directory on another file system than the root's (a mount point) is an
// error and is left in place. "" or "SHOWN/PATH: cause".
enum class Remove { Everything, Directories };
std::string remove_contents(int root_fd, const std::string& shown, Remove what = Remove::Everything);

}  // namespace zones::tree
