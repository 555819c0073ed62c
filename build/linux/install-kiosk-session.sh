#!/bin/sh
# Sets a machine up as an Okno kiosk, after `apt install ./okno-<version>-amd64.deb`:
# the kiosk user and group, device access (udev), the X session with autologin, the systemd
# user unit, and /etc/okno/kiosk.json from the example (never overwriting an existing one).
# Idempotent: run it again after an upgrade to refresh the session files.
#
#   sudo /opt/Okno/resources/linux/install-kiosk-session.sh            # kiosk user "okno"
#   sudo KIOSK_USER=infomat /opt/Okno/resources/linux/install-kiosk-session.sh
set -eu

KIOSK_USER="${KIOSK_USER:-okno}"
HERE="$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)"
RESOURCES="$(dirname -- "$HERE")"

if [ "$(id -u)" -ne 0 ]; then
  echo "install-kiosk-session: run as root (sudo)" >&2
  exit 1
fi

# The group owning Okno's devices (see 99-okno-devices.rules), and the kiosk user in it. dialout
# too: some serial adapters are claimed by the distribution's own rules before ours.
getent group okno >/dev/null || groupadd --system okno
if ! id "$KIOSK_USER" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/bash --comment "Okno kiosk" "$KIOSK_USER"
  passwd --lock "$KIOSK_USER" >/dev/null
fi
usermod --append --groups okno,dialout "$KIOSK_USER"

install -D -m 0644 "$HERE/99-okno-devices.rules" /etc/udev/rules.d/99-okno-devices.rules
udevadm control --reload || true
udevadm trigger --subsystem-match=tty --subsystem-match=hidraw --subsystem-match=usb || true

# The technician's «Взять время у центра»: `timedatectl set-time` as the kiosk user, and nothing
# else of timedated (polkit/50-okno-time.rules, written for the user "kiosk": named here).
install -d -m 0755 /etc/polkit-1/rules.d
sed "s/subject.user === \"kiosk\"/subject.user === \"$KIOSK_USER\"/" "$HERE/polkit/50-okno-time.rules" >/etc/polkit-1/rules.d/50-okno-time.rules
chmod 0644 /etc/polkit-1/rules.d/50-okno-time.rules

install -D -m 0755 "$HERE/okno-kiosk-session" /usr/local/bin/okno-kiosk-session
install -D -m 0644 "$HERE/okno-kiosk.desktop" /usr/share/xsessions/okno-kiosk.desktop
install -D -m 0644 "$HERE/okno-kiosk.service" /etc/systemd/user/okno-kiosk.service
install -D -m 0644 "$HERE/10-okno-kiosk.conf" /etc/X11/xorg.conf.d/10-okno-kiosk.conf
if [ -d /etc/lightdm ]; then
  install -d /etc/lightdm/lightdm.conf.d
  sed "s/=okno\$/=$KIOSK_USER/" "$HERE/50-okno-kiosk.conf" >/etc/lightdm/lightdm.conf.d/50-okno-kiosk.conf
else
  echo "install-kiosk-session: LightDM not found; set up autologin into the 'okno-kiosk' session yourself" >&2
fi

# Config and data. The config is the technician's to edit: never overwritten here. It may hold the
# fleet token (hub.provisioningToken), so it is the kiosk user's alone: 0600, owned by it, also
# when it existed before (re-running this tightens a hand-copied 0644 file). The kiosk warns in
# its log when it finds its config readable by others. The data folder (credential, enrollment
# request, journals) is 0700.
install -d -m 0755 /etc/okno
if [ ! -e /etc/okno/kiosk.json ]; then
  install -m 0600 -o "$KIOSK_USER" -g "$KIOSK_USER" "$RESOURCES/examples/kiosk.real-devices.json" /etc/okno/kiosk.json
  echo "install-kiosk-session: wrote /etc/okno/kiosk.json from the example: edit the kiosk, office and device ports"
fi
chown "$KIOSK_USER:$KIOSK_USER" /etc/okno/kiosk.json
chmod 0600 /etc/okno/kiosk.json
if [ ! -e /etc/okno/catalogue.json ]; then
  install -m 0600 -o "$KIOSK_USER" -g "$KIOSK_USER" "$RESOURCES/defaults/demo-catalogue.json" /etc/okno/catalogue.json
fi
install -d -m 0700 -o "$KIOSK_USER" -g "$KIOSK_USER" /var/lib/okno
chmod 0700 /var/lib/okno

echo "install-kiosk-session: done. Reboot, or: systemctl restart lightdm"
