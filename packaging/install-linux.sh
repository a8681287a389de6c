#!/usr/bin/env bash
# Install the Claimdesk bundle for the current user, or remove it again.
#
#   ./install-linux.sh [BUNDLE_DIR]     copy the app to ~/.local/lib/claimdesk, link
#                                       ~/.local/bin/claimdesk, add the menu entry and icons
#   ./install-linux.sh --uninstall      remove all of that again (your data stays in
#                                       ~/.local/share/claimdesk)
#
# BUNDLE_DIR defaults to the folder this script is in (it ships inside the bundle), or to
# dist/claimdesk when run from a checkout. Honours XDG_DATA_HOME; needs no root.
set -euo pipefail

APP_ID=org.claimdesk.Claimdesk
PREFIX="$HOME/.local"
DATA_HOME="${XDG_DATA_HOME:-$PREFIX/share}"
APP_DIR="$PREFIX/lib/claimdesk"
BIN_LINK="$PREFIX/bin/claimdesk"
DESKTOP_FILE="$DATA_HOME/applications/$APP_ID.desktop"
METAINFO_FILE="$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
ICON_ROOT="$DATA_HOME/icons/hicolor"

die() { echo "install-linux.sh: error: $*" >&2; exit 2; }

refresh_caches() {
  # Desktops pick the entry up without these; they only speed up menus and icon lookup.
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA_HOME/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICON_ROOT" || true
}

uninstall() {
  if [ -L "$BIN_LINK" ] && [ "$(readlink "$BIN_LINK")" = "$APP_DIR/claimdesk" ]; then
    rm -f "$BIN_LINK"
  fi
  rm -f "$DESKTOP_FILE" "$METAINFO_FILE"
  rm -f "$ICON_ROOT"/*/apps/"$APP_ID".png "$ICON_ROOT/scalable/apps/$APP_ID.svg"
  rm -rf "$APP_DIR"
  refresh_caches
  echo "Claimdesk removed (your databases in ${CLAIMDESK_DATA_DIR:-$DATA_HOME/claimdesk} are kept)."
}

install() {
  local bundle="$1"
  [ -x "$bundle/claimdesk" ] || die "$bundle is not a Claimdesk bundle (no claimdesk executable in it)"
  [ -d "$bundle/share" ] || die "$bundle has no share/ folder (build it with packaging/build.py)"
  bundle="$(cd "$bundle" && pwd -P)"
  if [ "$bundle" != "$APP_DIR" ]; then
    rm -rf "$APP_DIR"
    mkdir -p "$(dirname "$APP_DIR")"
    cp -a "$bundle" "$APP_DIR"
  fi
  mkdir -p "$(dirname "$BIN_LINK")" "$(dirname "$DESKTOP_FILE")" "$(dirname "$METAINFO_FILE")"
  ln -sfn "$APP_DIR/claimdesk" "$BIN_LINK"
  # The menu entry runs the installed executable by its full path: ~/.local/bin is not on
  # every desktop session's PATH.
  sed "s|^Exec=claimdesk\$|Exec=$APP_DIR/claimdesk|" \
    "$APP_DIR/share/applications/$APP_ID.desktop" >"$DESKTOP_FILE"
  cp "$APP_DIR/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO_FILE"
  (cd "$APP_DIR/share/icons/hicolor" && find . -type f -name "$APP_ID.*" | while read -r icon; do
    mkdir -p "$ICON_ROOT/$(dirname "$icon")"
    cp "$icon" "$ICON_ROOT/$icon"
  done)
  refresh_caches
  echo "Claimdesk installed in $APP_DIR; start it from the menu or with $BIN_LINK"
}

case "${1:-}" in
  --uninstall) uninstall ;;
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
  -*) die "unknown option $1 (use --uninstall or --help)" ;;
  "")
    here="$(cd "$(dirname "$0")" && pwd -P)"
    if [ -x "$here/claimdesk" ]; then install "$here"
    elif [ -x "$here/../dist/claimdesk/claimdesk" ]; then install "$here/../dist/claimdesk"
    else die "no bundle next to this script nor in dist/claimdesk: build one with packaging/build.py"
    fi ;;
  *) install "$1" ;;
esac
