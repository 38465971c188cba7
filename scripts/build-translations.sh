#!/usr/bin/env bash
# Compiles the UI translations: resources/translations/*.ts -> .qm (the .qm files are
# git-ignored; run this at setup and before tests). With --update it first re-extracts
# every translatable string from ui/ with pyside6-lupdate, keeping existing translations;
# then translate the new entries (pyside6-linguist) and commit the .ts file.
set -euo pipefail
cd "$(dirname "$0")/.."

tool() {
  if [[ -x ".venv/bin/$1" ]]; then echo ".venv/bin/$1"; else command -v "$1"; fi
}
lupdate=$(tool pyside6-lupdate)
lrelease=$(tool pyside6-lrelease)

if [[ "${1:-}" == "--update" ]]; then
  mapfile -t sources < <(find ui -name '*.py' | sort)
  for ts in resources/translations/*.ts; do
    lang=$(basename "$ts" .ts)
    lang=${lang#wms_floor_}
    "$lupdate" "${sources[@]}" -ts "$ts" -target-language "$lang" -no-obsolete -locations none
  done
fi

for ts in resources/translations/*.ts; do
  "$lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
echo "translations built: $(ls resources/translations/*.qm | tr '\n' ' ')"
