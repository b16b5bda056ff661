// Files behind uci: committed configs in confdir (/etc/config), staged deltas in savedir (/tmp/.uci).
// Every load re-reads the file and all deltas, which is what makes real `uci batch` cost lines x size.
import fs from "node:fs";
import path from "node:path";
import { ERR, UciError, exportPackage, parsePackage, validConfigName } from "./uci-package.mjs";
import { UciParseError } from "./uci-tokenize.mjs";
import { applyDelta, formatDelta, parseDeltas } from "./uci-delta.mjs";

export function createStore({ confdir, savedir, deltaDirs = [], commitIsNoop = false }) {
  const confPath = (c) => path.join(confdir, c);
  const deltaPath = (c) => path.join(savedir, c);

  function readDeltas(config) {
    const out = [];
    for (const dir of [...deltaDirs, savedir]) {
      try {
        out.push(...parseDeltas(fs.readFileSync(path.join(dir, config), "utf8")));
      } catch (e) {
        if (e.code !== "ENOENT") throw e;
      }
    }
    return out;
  }

  function loadCommitted(config) {
    if (!validConfigName(config)) throw new UciError(ERR.NOTFOUND);
    let text;
    try {
      text = fs.readFileSync(confPath(config), "utf8");
    } catch {
      throw new UciError(ERR.NOTFOUND);
    }
    try {
      return parsePackage(config, text);
    } catch (e) {
      if (e instanceof UciParseError) throw new UciError(ERR.PARSE, e.reason, ` at line ${e.line}, byte ${e.byte}`);
      throw e;
    }
  }

  return {
    confdir,
    savedir,
    listConfigs() {
      try {
        return fs
          .readdirSync(confdir)
          .filter((f) => validConfigName(f) && fs.statSync(confPath(f)).isFile())
          .sort();
      } catch {
        return [];
      }
    },
    load(config) {
      const pkg = loadCommitted(config);
      for (const d of readDeltas(config)) applyDelta(pkg, d);
      return pkg;
    },
    /** Applies a delta to the loaded package and stages it on disk. */
    stage(pkg, d) {
      applyDelta(pkg, d);
      fs.mkdirSync(savedir, { recursive: true, mode: 0o700 });
      fs.appendFileSync(deltaPath(pkg.name), formatDelta(pkg.name, d));
    },
    deltas: readDeltas,
    hasChanges(config) {
      return readDeltas(config).length > 0;
    },
    /** Writes the merged package like uci_commit: temp file + rename, mode kept, comments lost. */
    commit(config) {
      if (commitIsNoop || !this.hasChanges(config)) return;
      const pkg = this.load(config);
      this.writeConfig(config, exportPackage(pkg, { withHeader: false }));
      this.clearDeltas(config);
    },
    writeConfig(config, body) {
      const target = confPath(config);
      let mode = 0o644;
      try {
        mode = fs.statSync(target).mode & 0o7777;
      } catch {}
      const tmp = path.join(confdir, `.${config}.uci-${process.pid}`);
      fs.writeFileSync(tmp, body, { mode });
      fs.chmodSync(tmp, mode);
      fs.renameSync(tmp, target);
    },
    clearDeltas(config) {
      try {
        fs.writeFileSync(deltaPath(config), "");
      } catch (e) {
        if (e.code !== "ENOENT") throw e;
      }
    },
    /** Drops staged changes for config, or only those touching section[.option]. */
    revert(config, section, option) {
      if (!fs.existsSync(deltaPath(config))) return;
      if (section === undefined) return this.clearDeltas(config);
      const kept = parseDeltas(fs.readFileSync(deltaPath(config), "utf8")).filter(
        (d) => !(d.section === section && (option === undefined || d.option === option)),
      );
      fs.writeFileSync(deltaPath(config), kept.map((d) => formatDelta(config, d)).join(""));
    },
  };
}
