#!/usr/bin/env bash
# install-pythons.sh - install private CPython interpreters (default 3.13 3.14 3.15)
# from Debian's own binary packages (suites sid + experimental) for pysample's
# tests and benchmarks.
#
# Usage:
#   scripts/install-pythons.sh [--force] [--no-extras] [X.Y ...]
#                                 install (default: 3.13 3.14 3.15, with the extra builds)
#   scripts/install-pythons.sh --print-path X.Y      print the interpreter path only
#                                                     (exit 1 if it is not installed)
#
# Layout (base = $PYSAMPLE_PYTHONS, default ~/.cache/pysample/pythons):
#   <base>/apt/                 private apt state (sources, lists, cache, empty status)
#   <base>/<X.Y>/root/          every .deb of that version extracted (as dpkg -x,
#                               minus detached debug symbols and *.a)
#   <base>/<X.Y>/root/usr/bin/pythonX.Y   the interpreter (patchelf'ed to use the
#                               private glibc: PT_INTERP + DT_RPATH into root)
#   <base>/<X.Y>/packages.txt   the exact package versions that were installed
#   <base>/<X.Y>/extras.txt     the extra builds installed (debug, embedded)
# Extra builds (skipped with --no-extras), from the same packages' siblings:
#   <root>/usr/bin/pythonX.Yd   the debug build (pythonX.Y-dbg, libpythonX.Y-dbg)
#   <root>/usr/bin/embedded-app a PIE built here with cc: main() calls Py_BytesMain,
#                               linked against the shared libpythonX.Y.so.1.0
#                               (libpythonX.Y, libpythonX.Y-dev), as the official
#                               Docker images build CPython
# Both are patchelf'ed like the interpreter. A rerun only downloads packages that
# are not installed yet at the same version (e.g. the extras after --no-extras).
#
# The Debian mirror is taken from the machine's apt sources (first URI of the
# main Debian archive); override with PYSAMPLE_DEBIAN_MIRROR=<uri>.
# The system's apt configuration is never modified; only patchelf (and gcc for
# the extras) may be installed with the system apt-get (root only) when missing.
set -euo pipefail

DEFAULT_VERSIONS=(3.13 3.14 3.15)
SUITES=(sid experimental)
# Dependencies that a private interpreter does not need (data/config-only,
# docs-only, or optional plugins). Architecture: all packages are skipped too.
# Headers of other libraries (-dev) and Tcl/Tk (only _tkinter) are not needed by the extras either.
SKIP_PKGS_RE='^(tzdata|netbase|media-types|mime-support|readline-common|gcc-[0-9]+-base|libc-gconv-modules-extra|openssl-provider-legacy|debconf|sensible-utils|.*-dev|libt(cl|k)[0-9.]+)$'
EMBEDDED_APP=embedded-app

log() { printf '[install-pythons] %s\n' "$*" >&2; }
die() { printf '[install-pythons] ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

home_dir() {
  if [[ -n "${HOME:-}" ]]; then printf '%s\n' "$HOME"; return; fi
  getent passwd "$(id -u)" | cut -d: -f6
}

BASE="${PYSAMPLE_PYTHONS:-$(home_dir)/.cache/pysample/pythons}"
BASE="${BASE%/}"

check_version_arg() {
  [[ "$1" =~ ^3\.[0-9]+$ ]] || die "bad version '$1' (expected X.Y, e.g. 3.14)"
}

root_of() { printf '%s/%s/root\n' "$BASE" "$1"; }
interp_of() { printf '%s/usr/bin/python%s\n' "$(root_of "$1")" "$1"; }
debug_of() { printf '%s/usr/bin/python%sd\n' "$(root_of "$1")" "$1"; }
embedded_of() { printf '%s/usr/bin/%s\n' "$(root_of "$1")" "$EMBEDDED_APP"; }

# ---------------------------------------------------------------- arguments
FORCE=0
EXTRAS=1
VERSIONS=()
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --print-path)
      [[ $# -eq 2 ]] || die "usage: $0 --print-path X.Y"
      check_version_arg "$2"
      p="$(interp_of "$2")"
      printf '%s\n' "$p"
      if [[ ! -x "$p" ]]; then
        log "note: python$2 is not installed yet (run $0 $2)"
        exit 1
      fi
      exit 0 ;;
    --force) FORCE=1 ;;
    --no-extras) EXTRAS=0 ;;
    -*) die "unknown option '$1' (see --help)" ;;
    *) check_version_arg "$1"; VERSIONS+=("$1") ;;
  esac
  shift
done
((${#VERSIONS[@]})) || VERSIONS=("${DEFAULT_VERSIONS[@]}")

# ---------------------------------------------------------------- platform
DEB_ARCH="$(dpkg --print-architecture 2>/dev/null)" || die "dpkg not found: this script needs a Debian-based system"
case "$DEB_ARCH" in
  amd64) MULTIARCH=x86_64-linux-gnu; LDSO_NAME=ld-linux-x86-64.so.2 ;;
  arm64) MULTIARCH=aarch64-linux-gnu; LDSO_NAME=ld-linux-aarch64.so.1 ;;
  *) die "unsupported architecture '$DEB_ARCH'" ;;
esac

# ---------------------------------------------------------------- checks
# Succeeds (and prints the first line of sys.version) if the interpreter runs.
interp_runs() {
  local py="$1"
  [[ -x "$py" ]] || return 1
  "$py" -c 'import sys; print(sys.version.splitlines()[0])' 2>/dev/null
}

# Full verification of one executable of version $1 (default: the interpreter);
# with $3 = shared, libpythonX.Y.so.1.0 of the root must be mapped. Dies loudly on failure.
verify() {
  local ver="$1" py="${2:-$(interp_of "$1")}" mode="${3:-}" root out
  root="$(root_of "$ver")"
  if ! out="$("$py" -c 'import sys; print(sys.version)' 2>&1)"; then
    die "python$ver does not run: $py
$out"
  fi
  if ! out="$("$py" -I - "$root" "$ver" "$mode" 2>&1 <<'PYEOF'
import sys, os, asyncio, threading
root, ver, mode = sys.argv[1], sys.argv[2], sys.argv[3]
problems = []

def check(name, fn):
    try:
        fn()
    except BaseException as e:  # noqa: BLE001
        problems.append("%s: %s: %s" % (name, type(e).__name__, e))

def threads():
    out = []
    ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
    for t in ts: t.start()
    for t in ts: t.join()
    assert sorted(out) == [0, 1, 2, 3], out

def aio():
    async def f():
        await asyncio.sleep(0)
        return 42
    assert asyncio.run(f()) == 42

def ssl_():
    import ssl
    ssl.create_default_context()

def sqlite():
    import sqlite3
    sqlite3.connect(":memory:").execute("select sqlite_version()").fetchone()

def ctypes_():
    import ctypes
    assert ctypes.CDLL(None).getpid() == os.getpid()

def remote_debugging():
    import _remote_debugging  # noqa: F401

check("threading", threads)
check("asyncio", aio)
check("ssl", ssl_)
check("sqlite3", sqlite)
check("ctypes", ctypes_)
if sys.version_info >= (3, 14):
    check("_remote_debugging", remote_debugging)
for mod in ("zlib", "bz2", "lzma", "_ctypes", "readline", "_decimal", "pyexpat", "_uuid"):
    check(mod, lambda m=mod: __import__(m))

# Every shared object in the process must come from the private root, never
# from the host (mixing glibc versions is what the private root avoids).
real_root = os.path.realpath(root) + os.sep
foreign = set()
libpython = False
with open("/proc/self/maps") as f:
    for line in f:
        parts = line.split(None, 5)
        if len(parts) == 6 and ".so" in parts[5]:
            path = parts[5].strip()
            if not os.path.realpath(path).startswith(real_root):
                foreign.add(path)
            libpython = libpython or os.path.basename(path) == "libpython%s.so.1.0" % ver
if mode == "shared" and not libpython:
    problems.append("libpython%s.so.1.0 is not mapped" % ver)
if foreign:
    problems.append("shared objects loaded from outside the private root: " + ", ".join(sorted(foreign)))
if problems:
    print("\n".join(problems))
    sys.exit(1)
PYEOF
  )"; then
    die "python$ver ($py) failed verification:
$out"
  fi
}

extra_exe() {   # version, extra (debug | embedded) -> its executable
  if [[ "$2" == debug ]]; then debug_of "$1"; else embedded_of "$1"; fi
}

# Succeeds if the interpreter (and, unless --no-extras, the extra builds that
# were available when it was installed: <base>/<X.Y>/extras.txt) run.
installed() {
  local x
  interp_runs "$(interp_of "$1")" >/dev/null || return 1
  ((EXTRAS == 0)) && return 0
  [[ -r "$BASE/$1/extras.txt" ]] || return 1
  while IFS= read -r x; do
    [[ -z "$x" ]] || interp_runs "$(extra_exe "$1" "$x")" >/dev/null || return 1
  done <"$BASE/$1/extras.txt"
}

# ---------------------------------------------------------------- what to do
TODO=()
for v in "${VERSIONS[@]}"; do
  if ((FORCE == 0)) && installed "$v"; then
    log "python$v already installed and runs$( ((EXTRAS)) && echo ', with its extra builds'), skipping"
  else
    TODO+=("$v")
  fi
done

# ---------------------------------------------------------------- helpers for installing
find_mirror() {
  if [[ -n "${PYSAMPLE_DEBIAN_MIRROR:-}" ]]; then
    printf '%s\n' "${PYSAMPLE_DEBIAN_MIRROR%/}"; return
  fi
  local uris=() f
  # deb822 sources (Types: deb, Enabled not "no"); URIs in file order.
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    mapfile -t -O "${#uris[@]}" uris < <(awk '
      function flush() { if (isdeb && enabled) for (i = 1; i <= n; i++) print u[i]; isdeb = 0; enabled = 1; n = 0 }
      BEGIN { enabled = 1 }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1 }
      tolower($1) == "enabled:" { if (tolower($2) == "no") enabled = 0 }
      tolower($1) == "uris:" { for (i = 2; i <= NF; i++) u[++n] = $i }
      END { flush() }' "$f")
  done
  # one-line sources
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    mapfile -t -O "${#uris[@]}" uris < <(sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2 }')
  done
  local u
  for u in "${uris[@]}"; do            # the main archive: path ends in /debian
    [[ "${u%/}" =~ ^(https?|ftp|file):.*/debian$ ]] && { printf '%s\n' "${u%/}"; return; }
  done
  for u in "${uris[@]}"; do            # fallback: anything but security
    [[ "$u" =~ ^(https?|ftp|file): && "$u" != *security* ]] && { printf '%s\n' "${u%/}"; return; }
  done
  return 1
}

APT="$BASE/apt"
APT_CONF="$APT/apt.conf"
apt_get() { apt-get -c "$APT_CONF" "$@"; }
apt_cache() { apt-cache -c "$APT_CONF" "$@"; }

write_apt_config() {   # $1 = mirror, $2 = "signed" | "trusted"
  local mirror="$1" opt
  mkdir -p "$APT"/{etc/sources.list.d,etc/preferences.d,etc/apt.conf.d,lists/partial,cache/archives/partial,state}
  : >"$APT/status"
  if [[ "$2" == signed ]]; then
    opt="signed-by=/usr/share/keyrings/debian-archive-keyring.gpg"
  else
    opt="trusted=yes"
  fi
  {
    local s
    for s in "${SUITES[@]}"; do
      printf 'deb [arch=%s target=Packages %s] %s %s main\n' "$DEB_ARCH" "$opt" "$mirror" "$s"
    done
  } >"$APT/etc/sources.list"
  # Read with -c after the system configuration, so it overrides it. Hooks of
  # the system configuration are cleared; proxies etc. are kept.
  cat >"$APT_CONF" <<EOF
Dir::Etc::SourceList "$APT/etc/sources.list";
Dir::Etc::SourceParts "$APT/etc/sources.list.d";
Dir::Etc::Preferences "$APT/etc/preferences";
Dir::Etc::PreferencesParts "$APT/etc/preferences.d";
Dir::State "$APT/state";
Dir::State::Lists "$APT/lists";
Dir::State::status "$APT/status";
Dir::Cache "$APT/cache";
Dir::Cache::Archives "$APT/cache/archives";
Dir::Cache::pkgcache "pkgcache.bin";
Dir::Cache::srcpkgcache "";
Debug::NoLocking "true";
Acquire::Languages "none";
#clear APT::Architectures;
APT::Architecture "$DEB_ARCH";
APT::Architectures { "$DEB_ARCH"; };
#clear APT::Update::Pre-Invoke;
#clear APT::Update::Post-Invoke;
#clear APT::Update::Post-Invoke-Success;
#clear DPkg::Pre-Invoke;
#clear DPkg::Post-Invoke;
EOF
  if ((EUID == 0)); then
    # Private dirs may live under a 0700 home that apt's _apt user cannot reach.
    echo 'APT::Sandbox::User "root";' >>"$APT_CONF"
  fi
}

apt_update() {
  local mirror="$1" out
  if [[ -r /usr/share/keyrings/debian-archive-keyring.gpg ]]; then
    write_apt_config "$mirror" signed
    if out="$(apt_get -q update 2>&1)" && ! grep -qE '^E:|^W:.*(GPG|NO_PUBKEY|[Ss]ignature|not signed)' <<<"$out"; then
      return 0
    fi
    log "apt-get update with Signed-By (debian-archive-keyring) failed, retrying with trusted=yes:"
    grep '^[EW]:' <<<"$out" | head -5 >&2 || true
  fi
  write_apt_config "$mirror" trusted
  out="$(apt_get -q update 2>&1)" || die "private apt-get update failed (mirror $mirror):
$out"
  if grep -q '^E:' <<<"$out"; then die "private apt-get update failed (mirror $mirror):
$out"; fi
}

# All versions of a package known to the private apt, one per line.
versions_of() {
  apt_cache madison "$1" 2>/dev/null | awk -F'|' -v p="$1" '{ gsub(/ /, "", $1); gsub(/ /, "", $2); if ($1 == p) print $2 }' | sort -u
}

trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

declare -A CONSTR=()   # package -> newline-separated "op version" constraints
declare -A PREFER_NEWEST=()

satisfies() {   # version, package
  local v="$1" c op cv
  while IFS= read -r c; do
    [[ -n "$c" ]] || continue
    op="${c%% *}"; cv="${c#* }"
    case "$op" in '<') op='<<' ;; '>') op='>>' ;; esac
    dpkg --compare-versions "$v" "$op" "$cv" || return 1
  done <<<"${CONSTR[$2]:-}"
  return 0
}

choose_version() {   # package -> prints version (candidate if it fits, else newest that fits)
  local pkg="$1" cand v best=""
  if [[ -z "${PREFER_NEWEST[$pkg]:-}" ]]; then
    cand="$(apt_cache policy "$pkg" 2>/dev/null | awk '$1 == "Candidate:" { print $2; exit }')"
    if [[ -n "$cand" && "$cand" != "(none)" ]] && satisfies "$cand" "$pkg"; then
      printf '%s\n' "$cand"; return 0
    fi
  fi
  while IFS= read -r v; do
    [[ -n "$v" ]] || continue
    satisfies "$v" "$pkg" || continue
    if [[ -z "$best" ]] || dpkg --compare-versions "$v" gt "$best"; then best="$v"; fi
  done < <(versions_of "$pkg")
  [[ -n "$best" ]] || return 1
  printf '%s\n' "$best"
}

# Resolve pythonX.Y and its runtime library closure; prints "pkg=version" lines.
resolve_packages() {
  local ver="$1" roots pkg pv rec arch deps clause alt name rest op cv round violated
  roots=("python$ver-minimal" "libpython$ver-minimal" "libpython$ver-stdlib" "python$ver")
  local extra
  for extra in "${@:2}"; do
    case "$extra" in
      debug) roots+=("python$ver-dbg" "libpython$ver-dbg") ;;
      embedded) roots+=("libpython$ver" "libpython$ver-dev") ;;
    esac
  done
  for pkg in "${roots[@]}"; do PREFER_NEWEST[$pkg]=1; done
  for round in 1 2 3 4 5; do
    declare -A chosen=()
    local queue=("${roots[@]}")
    while ((${#queue[@]})); do
      pkg="${queue[0]}"; queue=("${queue[@]:1}")
      [[ -z "${chosen[$pkg]:-}" ]] || continue
      pv="$(choose_version "$pkg")" || die "no version of $pkg satisfies: ${CONSTR[$pkg]:-(any)} (suites: ${SUITES[*]})"
      rec="$(apt_cache show "$pkg=$pv" 2>/dev/null | awk '/^$/ { exit } { print }')"
      arch="$(awk '$1 == "Architecture:" { print $2 }' <<<"$rec")"
      if [[ "$arch" == all ]]; then chosen[$pkg]="-"; continue; fi
      chosen[$pkg]="$pv"
      deps="$(awk '
        /^(Depends|Pre-Depends):/ { sub(/^[^:]*:[ \t]*/, ""); f = 1; printf "%s, ", $0; next }
        /^[ \t]/ && f { printf "%s ", $0; next }
        { f = 0 }' <<<"$rec")"
      IFS=',' read -ra clauses <<<"$deps"
      for clause in "${clauses[@]}"; do
        clause="$(trim "$clause")"
        [[ -n "$clause" ]] || continue
        name=""
        IFS='|' read -ra alts <<<"$clause"
        for alt in "${alts[@]}"; do       # first alternative that exists
          alt="$(trim "$alt")"
          local n="${alt%% *}"; n="${n%%:*}"
          if [[ -n "$(versions_of "$n")" ]]; then name="$n"; rest="$alt"; break; fi
        done
        if [[ -z "$name" ]]; then log "warning: no package for dependency '$clause' of $pkg, ignoring"; continue; fi
        [[ "$name" =~ $SKIP_PKGS_RE ]] && continue
        if [[ "$rest" =~ \(([<>=]+)[[:space:]]*([^\)[:space:]]+)\) ]]; then
          op="${BASH_REMATCH[1]}"; cv="${BASH_REMATCH[2]}"
          if ! grep -qxF "$op $cv" <<<"${CONSTR[$name]:-}"; then
            CONSTR[$name]="${CONSTR[$name]:-}$op $cv"$'\n'
          fi
        fi
        queue+=("$name")
      done
    done
    violated=0
    for pkg in "${!chosen[@]}"; do
      [[ "${chosen[$pkg]}" == "-" ]] && continue
      satisfies "${chosen[$pkg]}" "$pkg" || violated=1
    done
    if ((violated == 0)); then
      for pkg in "${!chosen[@]}"; do
        [[ "${chosen[$pkg]}" == "-" ]] || printf '%s=%s\n' "$pkg" "${chosen[$pkg]}"
      done | sort
      return 0
    fi
    unset chosen
  done
  die "could not resolve a consistent package set for python$ver"
}

ensure_host_tool() {   # command, packages...: install the packages with the system apt-get if command is missing
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null && return 0
  if ((EUID != 0)); then
    die "$cmd is not installed and this is not root: install it first (e.g. 'sudo apt-get install -y $*'), then rerun"
  fi
  log "$cmd not found, installing $* with the system apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "$@" >&2; then
    apt-get update -q >&2 || true
    apt-get install -y -q --no-install-recommends "$@" >&2 || die "could not install $* with apt-get"
  fi
  command -v "$cmd" >/dev/null || die "$cmd still not found after installing $*"
}

find_ldso() {   # root -> path of the dynamic loader inside root (not following absolute links)
  local root="$1" rel p t
  for rel in "usr/lib/$MULTIARCH" "lib/$MULTIARCH" usr/lib64 lib64 usr/lib lib; do
    p="$root/$rel/$LDSO_NAME"
    if [[ -L "$p" ]]; then
      t="$(readlink "$p")"
      [[ "$t" == /* ]] && continue      # absolute link would point into the host
    fi
    [[ -f "$p" ]] && { printf '%s\n' "$p"; return 0; }
  done
  return 1
}

# Like dpkg -x, minus what no test needs: detached debug symbols (most of
# pythonX.Y-dbg) and static libraries.
extract() {   # deb, root
  dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2" --exclude=./usr/lib/debug --exclude='*.a' \
    || die "could not extract $1"
}

# Points an executable of root at root's loader and libraries, unless it already is.
patch_exe() {   # root, executable
  local root="$1" exe="$2" ldso rpath="" d
  ldso="$(find_ldso "$root")" || die "$LDSO_NAME not found in the extracted libc6 under $root"
  [[ "$(patchelf --print-interpreter "$exe" 2>/dev/null)" == "$ldso" ]] && return 0
  for d in "usr/lib/$MULTIARCH" "lib/$MULTIARCH"; do
    if [[ -d "$root/$d" && ! -L "$root/$d" ]]; then rpath="${rpath:+$rpath:}$root/$d"; fi
  done
  # DT_RPATH (--force-rpath), not DT_RUNPATH: RPATH of the executable also
  # applies to the dependencies of dlopen'ed extension modules (_ssl -> libssl).
  patchelf --set-interpreter "$ldso" --force-rpath --set-rpath "$rpath" "$exe"
  log "$(basename "$exe"): interpreter $ldso, rpath $rpath"
}

# The embedding program: a PIE whose main() hands over to Py_BytesMain, linked
# against the shared libpython of root (not the host's). The host's linker
# cannot check libpython's newer glibc symbol versions against the host libc,
# hence --allow-shlib-undefined; at run time the private glibc provides them.
build_embedded_app() {   # version
  local ver="$1" dir root src out lib
  dir="$BASE/$ver"; root="$dir/root"; lib="$root/usr/lib/$MULTIARCH"
  src="$dir/$EMBEDDED_APP.c"; out="$(embedded_of "$ver")"
  [[ -e "$lib/libpython$ver.so" ]] || die "python$ver: $lib/libpython$ver.so missing (libpython$ver-dev)"
  cat >"$src" <<'EOF'
/* pysample's test embedding application: the shape of the official Docker images' python (shared libpython). */
#include <Python.h>
int main(int argc, char **argv) { return Py_BytesMain(argc, argv); }
EOF
  cc -O1 -fPIE -pie -I"$root/usr/include/python$ver" -idirafter "$root/usr/include" -o "$out.tmp" "$src" \
    -L"$lib" -lpython"$ver" -Wl,-rpath-link,"$lib" -Wl,--allow-shlib-undefined \
    || die "python$ver: could not build $EMBEDDED_APP with cc"
  patch_exe "$root" "$out.tmp"
  mv -f "$out.tmp" "$out"   # a new inode: a running copy is not disturbed
}

install_version() {
  local ver="$1" dir root debs pkgs t0 bytes
  dir="$BASE/$ver"; root="$dir/root"; debs="$APT/debs"
  t0=$SECONDS
  log "python$ver: resolving packages"
  # (runs in a subshell: constraints of one version do not leak into the next)
  # The extras whose packages the suites have (a new version may lack them).
  local extras=()
  if ((EXTRAS)); then
    [[ -n "$(versions_of "python$ver-dbg")" && -n "$(versions_of "libpython$ver-dbg")" ]] && extras+=(debug)
    [[ -n "$(versions_of "libpython$ver")" && -n "$(versions_of "libpython$ver-dev")" ]] && extras+=(embedded)
    ((${#extras[@]} == 2)) || log "warning: python$ver: extra builds available: ${extras[*]:-none}"
  fi
  local resolved
  resolved="$(resolve_packages "$ver" "${extras[@]}")" || die "python$ver: package resolution failed"
  mapfile -t pkgs <<<"$resolved"
  ((${#pkgs[@]})) || die "python$ver: package resolution returned nothing"
  log "python$ver: ${pkgs[*]}"
  # Incremental unless forced, broken, or a package changed version: only the
  # packages not installed yet are downloaded and extracted over the root.
  local -A have=()
  local fresh=1 p name pver
  if ((FORCE == 0)) && [[ -r "$dir/packages.txt" ]] && interp_runs "$(interp_of "$ver")" >/dev/null; then
    fresh=0
    while IFS= read -r p; do [[ -n "$p" ]] && have[${p%%=*}]="${p#*=}"; done <"$dir/packages.txt"
    for p in "${pkgs[@]}"; do
      name="${p%%=*}"; pver="${p#*=}"
      if [[ -n "${have[$name]:-}" && "${have[$name]}" != "$pver" ]]; then
        log "python$ver: $name changed (${have[$name]} -> $pver), reinstalling from scratch"
        fresh=1; break
      fi
    done
  fi
  local todo=()
  for p in "${pkgs[@]}"; do
    name="${p%%=*}"
    if ((fresh)) || [[ -z "${have[$name]:-}" ]]; then todo+=("$p"); fi
  done
  # Shared download dir: libraries common to several versions are fetched once.
  mkdir -p "$debs"
  local need=() files=() f
  for p in "${todo[@]}"; do
    name="${p%%=*}"; pver="${p#*=}"
    f="$(compgen -G "$debs/${name}_${pver//:/%3a}_*.deb" | head -n1 || true)"
    if [[ -z "$f" ]]; then need+=("$p"); fi
  done
  if ((${#need[@]})); then
    (cd "$debs" && apt_get -q download "${need[@]}" >&2) || die "python$ver: apt-get download failed"
  fi
  for p in "${todo[@]}"; do
    name="${p%%=*}"; pver="${p#*=}"
    f="$(compgen -G "$debs/${name}_${pver//:/%3a}_*.deb" | head -n1 || true)"
    [[ -n "$f" ]] || die "python$ver: $name $pver was not downloaded"
    files+=("$f")
  done
  bytes=0
  ((${#files[@]} == 0)) || bytes=$(du -cb "${files[@]}" | awk 'END { print $1 }')
  log "python$ver: ${#pkgs[@]} packages, ${#todo[@]} to extract ($((bytes / 1024)) KiB), ${#need[@]} downloaded now"

  if ((fresh)); then rm -rf "$root" "$dir/extras.txt"; fi
  mkdir -p "$root"
  rm -f "$dir/packages.txt"   # written again once everything works
  for f in "${files[@]}"; do extract "$f" "$root"; done
  local py
  py="$(interp_of "$ver")"
  [[ -f "$py" ]] || die "python$ver: $py missing after extraction"
  patch_exe "$root" "$py"
  verify "$ver"
  local x
  for x in "${extras[@]}"; do
    case "$x" in
      debug)
        [[ -f "$(debug_of "$ver")" ]] || die "python$ver: $(debug_of "$ver") missing after extraction"
        patch_exe "$root" "$(debug_of "$ver")"
        verify "$ver" "$(debug_of "$ver")" ;;
      embedded)
        build_embedded_app "$ver"
        verify "$ver" "$(embedded_of "$ver")" shared ;;
    esac
  done
  printf '%s\n' "${pkgs[@]}" >"$dir/packages.txt"
  if ((EXTRAS)); then
    for x in "${extras[@]}"; do printf '%s\n' "$x"; done >"$dir/extras.txt"
  fi
  log "python$ver: installed in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- install
if ((${#TODO[@]})); then
  for tool in apt-get apt-cache dpkg awk; do
    command -v "$tool" >/dev/null || die "$tool is required"
  done
  ensure_host_tool patchelf patchelf
  if ((EXTRAS)); then ensure_host_tool cc gcc libc6-dev; fi
  mkdir -p "$BASE"
  if command -v flock >/dev/null; then
    exec 9>"$BASE/.lock"
    flock 9 || die "could not lock $BASE/.lock"
  fi
  MIRROR="$(find_mirror)" || die "no Debian archive URI found in /etc/apt/sources.list{,.d/} (set PYSAMPLE_DEBIAN_MIRROR)"
  log "mirror: $MIRROR (suites: ${SUITES[*]})"
  T0=$SECONDS
  apt_update "$MIRROR"
  rm -rf "$APT/debs"
  for v in "${TODO[@]}"; do install_version "$v"; done
  DL_BYTES=$(find "$APT/debs" -name '*.deb' -printf '%s\n' | awk '{ n += $1 } END { print n + 0 }')
  log "downloaded $(ls "$APT/debs" | wc -l) packages, $((DL_BYTES / 1024)) KiB in total; took $((SECONDS - T0))s"
  rm -rf "$APT/debs" "$APT/cache/pkgcache.bin"   # ~50 MB, rebuilt on the next update
fi

# ---------------------------------------------------------------- summary
for v in "${VERSIONS[@]}"; do
  py="$(interp_of "$v")"
  line="$(interp_runs "$py")" || die "python$v does not run: $py"
  printf '%s -> %s (%s)\n' "$v" "$py" "$line"
  if ((EXTRAS)) && [[ -r "$BASE/$v/extras.txt" ]]; then
    while IFS= read -r x; do
      if [[ -n "$x" ]]; then printf '%s -> %s (%s)\n' "$v" "$(extra_exe "$v" "$x")" "$x"; fi
    done <"$BASE/$v/extras.txt"
  fi
done
