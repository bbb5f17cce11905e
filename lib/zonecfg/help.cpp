#include "zonecfg/help.hpp"

#include <array>

#include <fmt/format.h>

namespace zones::zonecfg {
namespace {

struct HelpEntry {
    std::string_view usage;
    unsigned flags;
};

constexpr std::array<HelpEntry, kCmdCount> kHelp = {{
    {"add <resource-type>\n\t(global scope)\n"
     "add <property-name> <property-value>\n\t(resource scope)", kHelpResProps},
    {"cancel", 0},
    {"clear <property-name>", kHelpProps},
    {"commit", 0},
    {"create [-F] [ -a <path> | -b | -t <template> ]", 0},
    {"delete [-F]", 0},
    {"end", 0},
    {"exit [-F]", 0},
    {"export [-o json] [-f output-file]", 0},
    {"help [commands] [syntax] [usage] [<command-name>]", 0},
    {"info [-o json] [<resource-type> [property-name=property-value]*]", kHelpResProps},
    {"remove [-F] <resource-type> [ <property-name>=<property-value> ]*\n"
     "\t(global scope)\n"
     "remove <property-name> <property-value>\n"
     "\t(resource scope)", kHelpResProps},
    {"revert [-F]", 0},
    {"select <resource-type> { <property-name>=<property-value> }", kHelpResProps},
    {"set <property-name>=<property-value>", kHelpProps},
    {"verify", 0},
}};

const HelpEntry& entry(Cmd c) {
    return kHelp[static_cast<std::size_t>(c)];
}

std::string scope_help(Res r) {
    std::string s;
    switch (r) {
    case Res::Fs:
        s = "The 'fs' resource scope is used to configure a file-system.\n"
            "Valid commands:\n"
            "\tset dir=<path>\n"
            "\tset special=<path>\n"
            "\tset raw=<raw-device>\n"
            "\tset type=<file-system type>\n"
            "\tadd options <file-system options>\n"
            "\tremove options <file-system options>\n"
            "Consult the file-system specific manual page, such as mount(8), for\n"
            "details about file-system options.  Note that any file-system options with an\n"
            "embedded '=' character must be enclosed in double quotes, such as \"retry=5\".\n";
        break;
    case Res::Ipd:
        s = "The 'inherit-pkg-dir' resource scope is used to configure a directory\n"
            "inherited from the global zone into a non-global zone in read-only mode.\n"
            "Valid commands:\n"
            "\tset dir=<path>\n";
        break;
    case Res::Net:
        s = "The 'net' resource scope is used to configure a network interface.\n"
            "Valid commands:\n"
            "\tset address=<IP-address>\n"
            "\tset allowed-address=<IP-address>\n"
            "\tset physical=<interface>\n"
            "See ip-link(8) for details of the <interface> string.\n"
            "\tset linkname=<interface>\n"
            "linkname is the interface's name in the zone (default net0, net1, ... "
            "in resource order).\n"
            "set address is valid if the ip-type property is set to shared, "
            "otherwise it must not be set.\n"
            "set allowed-address is valid if the ip-type property is set to exclusive, "
            "otherwise it must not be set.\n"
            "\tset defrouter=<IP-address>\n"
            "set defrouter is valid if the address or allowed-address property is set, "
            "otherwise it must not be set\n";
        break;
    case Res::Device:
        s = "The 'device' resource scope is used to configure a device node.\n"
            "Valid commands:\n"
            "\tset match=<device-path>\n";
        break;
    case Res::Rctl:
        s = "The 'rctl' resource scope is used to configure a resource control.\n"
            "Valid commands:\n"
            "\tset name=<string>\n"
            "\tadd value (priv=<priv-value>,limit=<number>,action=<action-value>)\n"
            "\tremove value (priv=<priv-value>,limit=<number>,action=<action-value>)\n"
            "Where\n"
            "\t<priv-value> := privileged\n"
            "\t<action-value> := none | deny\n";
        break;
    case Res::Attr:
        s = "The 'attr' resource scope is used to configure a generic attribute.\n"
            "Valid commands:\n"
            "\tset name=<name>\n"
            "\tset type=boolean\n"
            "\tset value=true | false\n"
            "or\n"
            "\tset type=int\n"
            "\tset value=<integer>\n"
            "or\n"
            "\tset type=string\n"
            "\tset value=<string>\n"
            "or\n"
            "\tset type=uint\n"
            "\tset value=<unsigned integer>\n";
        break;
    case Res::Dataset:
        s = "The 'dataset' resource scope is used to export ZFS datasets.\n"
            "Valid commands:\n"
            "\tset name=<name>\n";
        break;
    case Res::Dcpu:
        s = "The 'dedicated-cpu' resource scope configures the 'pools' facility to dedicate\n"
            "a subset of the system's processors to this zone while it is running.\n"
            "Valid commands:\n"
            "\tset ncpus=<unsigned integer | range>\n"
            "\tset importance=<unsigned integer>\n";
        break;
    case Res::Pcap:
        s = "The 'capped-cpu' resource scope is used to set an upper limit (a cap) on the\n"
            "percentage of CPU that can be used by this zone.  A 'ncpus' value of 1\n"
            "corresponds to one cpu.  The value can be set higher than 1, up to the total\n"
            "number of CPUs on the system.  The value can also be less than 1,\n"
            "representing a fraction of a cpu.\n"
            "Valid commands:\n"
            "\tset ncpus=<unsigned decimal>\n";
        break;
    case Res::Mcap:
        s = "The 'capped-memory' resource scope is used to set an upper limit (a cap) on the\n"
            "amount of physical memory, swap space and locked memory that can be used by\n"
            "this zone.\n"
            "Valid commands:\n"
            "\tset physical=<qualified unsigned decimal>\n"
            "\tset swap=<qualified unsigned decimal>\n"
            "\tset locked=<qualified unsigned decimal>\n";
        break;
    case Res::Admin:
        s = "The 'admin' resource scope is used to delegate specific zone management\n"
            "rights to users and roles. These rights are only applicable to this zone.\n"
            "Valid commands:\n"
            "\tset user=<single user or role name>\n"
            "\tset auths=<comma separated list>\n";
        break;
    case Res::Secflags:
        s = "The 'security-flags' resource scope is used to set the default security-flags\n"
            "of this zone and their lower and upper bounds.\n"
            "Valid commands:\n"
            "\tset default=<security-flags>\n"
            "\tset lower=<security-flags>\n"
            "\tset upper=<security-flags>\n";
        break;
    }
    s += "And from any resource scope, you can:\n"
         "\tend\t(to conclude this operation)\n"
         "\tcancel\t(to cancel this operation)\n"
         "\texit\t(to exit the zonecfg utility)\n";
    return s;
}

constexpr std::array<std::string_view, 18> kGlobalProps = {
    "zonename", "zonepath", "brand", "autoboot", "bootargs", "pool", "limitpriv",
    "scheduling-class", "ip-type", "hostid", "fs-allowed", "max-lwps", "max-processes",
    "max-shm-memory", "max-shm-ids", "max-msg-ids", "max-sem-ids", "cpu-shares"};

}  // namespace

std::string_view short_usage(Cmd c) {
    return entry(c).usage;
}

unsigned command_help_flags(Cmd c) {
    return entry(c).flags;
}

std::string long_help(Cmd c) {
    switch (c) {
    case Cmd::Help:
        return "Prints help message.";
    case Cmd::Create:
        return "Creates a configuration for the specified zone.  create should be\n"
               "\tused to begin configuring a new zone.  If overwriting an existing\n"
               "\tconfiguration, the -F flag can be used to force the action.  If\n"
               "\t-t template is given, creates a configuration identical to the\n"
               "\tspecified template, except that the zone name is changed from\n"
               "\ttemplate to zonename.  'create -a' creates a configuration from a\n"
               "\tdetached zonepath.  'create -b' results in a blank configuration.\n"
               "\t'create' with no arguments applies the Sun default settings.";
    case Cmd::Exit:
        return "Exits the program.  The -F flag can be used to force the action.";
    case Cmd::Export:
        return "Prints configuration to standard output, or to output-file if\n"
               "\tspecified, in a form suitable for use in a command-file.  With -o json,\n"
               "\tas a JSON document that 'zonecfg -z <zone> -f file.json' accepts.";
    case Cmd::Add:
        return "Add specified resource to configuration.";
    case Cmd::Delete:
        return "Deletes the specified zone.  The -F flag can be used to force the\n"
               "\taction.";
    case Cmd::Remove:
        return "Remove specified resource from configuration.  The -F flag can be used\n"
               "\tto force the action.";
    case Cmd::Select:
        return "Selects a resource to modify.  Resource modification is completed\n"
               "\twith the command \"end\".  The property name/value pairs must uniquely\n"
               "\tidentify a resource.  Note that the curly braces ('{', '}') mean one\n"
               "\tor more of whatever is between them.";
    case Cmd::Set:
        return "Sets property values.";
    case Cmd::Clear:
        return "Clears property values.";
    case Cmd::Info:
        return "Displays information about the current configuration.  If resource\n"
               "\ttype is specified, displays only information about resources of\n"
               "\tthe relevant type.  If resource id is specified, displays only\n"
               "\tinformation about that resource.  -o json prints it as JSON.";
    case Cmd::Verify:
        return "Verifies current configuration for correctness (some resource types\n"
               "\thave required properties).";
    case Cmd::Commit:
        return "Commits current configuration.  Configuration must be committed to\n"
               "\tbe used by zoneadm.  Until the configuration is committed, changes \n"
               "\tcan be removed with the revert command.  This operation is\n"
               "\tattempted automatically upon completion of a zonecfg session.";
    case Cmd::Revert:
        return "Reverts configuration back to the last committed state.  The -F flag\n"
               "\tcan be used to force the action.";
    case Cmd::Cancel:
        return "Cancels resource/property specification.";
    case Cmd::End:
        return "Ends resource/property specification.";
    }
    return "";
}

std::string short_usage_text(Cmd c) {
    return fmt::format("usage:\n{}\n", short_usage(c));
}

std::string long_usage_text(Cmd c) {
    return fmt::format("usage:\n{}\n\t{}\n", short_usage(c), long_help(c));
}

std::string usage_text(unsigned flags, bool verbose, std::optional<Res> scope) {
    std::string s;
    if (flags & kHelpMeta) {
        s += "More help is available for the following:\n"
             "\n\tcommands ('help commands')\n"
             "\tsyntax ('help syntax')\n"
             "\tusage ('help usage')\n\n"
             "You may also obtain help on any command by typing 'help <command-name>.'\n";
    }
    if ((flags & kHelpResScope) && scope)
        s += scope_help(*scope);
    if (flags & kHelpUsage) {
        s += "usage:\tzonecfg help\n"
             "\tzonecfg -z <zone>\t\t\t(interactive)\n"
             "\tzonecfg -z <zone> <command>\n"
             "\tzonecfg -z <zone> -f <command-file>\n";
    }
    if (flags & kHelpSubcmds) {
        s += "Commands:\n\n";
        for (int i = 0; i < kCmdCount; ++i) {
            auto c = static_cast<Cmd>(i);
            s += fmt::format("{}\n", short_usage(c));
            if (verbose)
                s += fmt::format("\t{}\n\n", long_help(c));
        }
    }
    if (flags & kHelpSyntax) {
        if (!verbose)
            s += "\n";
        s += "<zone> := [A-Za-z0-9][A-Za-z0-9_.-]*\n"
             "\t(except the reserved words 'global' and anything starting with 'SUNW')\n"
             "\tName must be less than 64 characters.\n";
        if (verbose)
            s += "\n";
    }
    if (flags & kHelpNetaddr) {
        s += "\n<net-addr> :=\t<IPv4-address>[/<IPv4-prefix-length>] |\n"
             "\t\t<IPv6-address>/<IPv6-prefix-length> |\n"
             "\t\t<hostname>[/<IPv4-prefix-length>]\n"
             "See inet_pton(3) for IPv4 and IPv6 address syntax.\n"
             "<IPv4-prefix-length> := [0-32]\n"
             "<IPv6-prefix-length> := [0-128]\n"
             "<hostname> := [A-Za-z0-9][A-Za-z0-9-.]*\n";
    }
    if (flags & kHelpResources) {
        s += "<resource type> := fs | inherit-pkg-dir | net | device | rctl |\n"
             "\tattr | dataset | dedicated-cpu | capped-cpu | capped-memory |\n"
             "\tadmin | security-flags\n\n";
    }
    if (flags & kHelpProps) {
        s += "For resource type ... there are property types ...:\n";
        for (auto p : kGlobalProps)
            s += fmt::format("\t(global)\t{}\n", p);
        s += "\tfs\t\tdir, special, raw, type, options\n"
             "\tinherit-pkg-dir\tdir\n"
             "\tnet\t\taddress, allowed-address, physical, defrouter, linkname\n"
             "\tdevice\t\tmatch\n"
             "\trctl\t\tname, value\n"
             "\tattr\t\tname, type, value\n"
             "\tdataset\t\tname\n"
             "\tdedicated-cpu\tncpus, importance\n"
             "\tcapped-cpu\tncpus\n"
             "\tcapped-memory\tphysical, swap, locked\n"
             "\tadmin\t\tuser, auths\n"
             "\tsecurity-flags\tdefault, lower, upper\n";
    }
    return s;
}

}  // namespace zones::zonecfg
