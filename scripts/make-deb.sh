#!/usr/bin/env bash
# Builds entitled_<version>_<arch>.deb from a build directory's server and
# the built web UI (web/dist): usage: make-deb.sh BUILD_DIR [OUT_DIR]
# The package's layout: /usr/bin/entitled and entitled-device, /usr/share/entitled/web,
# /lib/systemd/system/entitled.service, /etc/entitled/entitled.conf (a
# conffile), /usr/share/doc/entitled; maintainer scripts in packaging/debian.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "${1:?usage: make-deb.sh BUILD_DIR [OUT_DIR]}" && pwd)
out_dir=${2:-$build_dir}
src="$repo/packaging/debian"

for program in entitled entitled-device; do
  [ -x "$build_dir/$program" ] || { echo "make-deb: $build_dir/$program is missing (make server)" >&2; exit 1; }
done
[ -f "$repo/web/dist/index.html" ] || { echo "make-deb: web/dist is missing (make web)" >&2; exit 1; }

version=$(sed -nE 's/^project\(entitled VERSION ([0-9.]+).*/\1/p' "$repo/CMakeLists.txt")
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/root"

install -d "$root/usr/bin" "$root/usr/share/entitled" "$root/usr/share/doc/entitled" \
  "$root/lib/systemd/system" "$root/etc/entitled" "$root/DEBIAN"
# Debug information stays in the build directory; the package gets the stripped program.
for program in entitled entitled-device; do
  strip --strip-unneeded -o "$root/usr/bin/$program" "$build_dir/$program"
  chmod 0755 "$root/usr/bin/$program"
done
cp -r "$repo/web/dist" "$root/usr/share/entitled/web"
install -m 0644 "$src/entitled.service" "$root/lib/systemd/system/entitled.service"
install -m 0644 "$src/entitled.conf" "$root/etc/entitled/entitled.conf"
install -m 0644 "$src/copyright" "$root/usr/share/doc/entitled/copyright"
install -m 0644 "$repo/README.md" "$root/usr/share/doc/entitled/README.md"
install -m 0755 "$src/postinst" "$src/prerm" "$src/postrm" "$root/DEBIAN/"
echo /etc/entitled/entitled.conf > "$root/DEBIAN/conffiles"
find "$root/usr/share/entitled/web" -type d -exec chmod 0755 {} + -o -type f -exec chmod 0644 {} +

# The shared libraries' packages, as dpkg-shlibdeps finds them (it wants a debian/control).
mkdir -p "$stage/debian"
printf 'Source: entitled\n\nPackage: entitled\nArchitecture: any\n' > "$stage/debian/control"
depends=$(cd "$stage" && dpkg-shlibdeps -O root/usr/bin/entitled root/usr/bin/entitled-device 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "make-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@DEPENDS@/$depends/" \
  "$src/control.in" > "$root/DEBIAN/control"

mkdir -p "$out_dir"
deb="$out_dir/entitled_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
