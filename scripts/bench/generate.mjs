// Deterministic generator of large, realistic ESA configuration exports for the benchmark
// (scripts/bench.mjs) and the stress tests. Same options, same bytes: no clock, no
// Math.random, a seeded PRNG only.
//
//   generateExport(path, { bytes, members, seed }) -> { bytes, elements, outsideListeners, members }
//
// Layout: ISO-8859-1 declaration, DOCTYPE, the header comment, then bulky sections (users,
// SMTP routes, dictionaries with latin1 and escaped text, certificates with long base64 text,
// content filters with CDATA), the listeners in the middle (a public one whose HAT holds a
// sender group of `members` members, a second public one, a private one), then more bulk
// (LDAP queries, bounce profiles, alert recipients) up to `bytes`.
import { closeSync, openSync, writeSync } from 'node:fs';

/** Bump when the output changes, so that cached files are made again. */
export const GENERATOR_VERSION = 2;

/** mulberry32: small, fast, deterministic. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Writer {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.parts = [];
    this.pending = 0;
    this.bytes = 0;
    this.elements = 0;
  }
  /** Appends latin1 text (one character per byte). */
  put(s) {
    this.parts.push(s);
    this.pending += s.length;
    this.bytes += s.length;
    if (this.pending >= 1 << 20) this.flush();
  }
  /** `<name attrs>text</name>` on its own line; `text` must already be escaped. */
  el(indent, name, text, attrs = '') {
    this.elements++;
    this.put(`${indent}<${name}${attrs}>${text}</${name}>\n`);
  }
  open(indent, name, attrs = '') {
    this.elements++;
    this.put(`${indent}<${name}${attrs}>\n`);
  }
  close(indent, name) {
    this.put(`${indent}</${name}>\n`);
  }
  flush() {
    if (!this.pending) return;
    const buf = Buffer.from(this.parts.join(''), 'latin1');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.parts = [];
    this.pending = 0;
  }
  end() {
    this.flush();
    closeSync(this.fd);
  }
}

const WORDS = [
  'confidentiel',
  'réunion',
  'trésorerie',
  'geschäftlich',
  'Übersicht',
  'nómina',
  'año',
  'projet',
  'internal',
  'payroll',
  'merger',
  'budget',
  'contrat',
  'invoice',
  'señal',
  'straße',
];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function pick(rnd, list) {
  return list[Math.floor(rnd() * list.length)];
}

function octet(rnd) {
  return Math.floor(rnd() * 254) + 1;
}

/** A HAT member of every common kind, never inside the CRES ranges or domains. */
function member(rnd, k) {
  switch (k % 6) {
    case 0:
      return `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    case 1:
      return `172.${16 + ((k >> 16) & 15)}.${(k >> 8) & 255}.0/24`;
    case 2:
      return `mail${k}.customer${k % 997}.example.com`;
    case 3:
      return `.partner${k}.example.org`;
    case 4:
      return `2001:db8:${(k >> 16).toString(16)}:${(k & 0xffff).toString(16)}::/64`;
    default:
      return `192.168.${octet(rnd)}.${1 + (k % 100)}-${150 + (k % 100)}`;
  }
}

function hatText(rnd, members) {
  const lines = [
    '$ACCEPTED',
    '    ACCEPT {',
    '        max_msgs_per_session = 1000',
    '        max_rcpts_per_msg = 1000',
    '        max_rcpts_per_hour = -1',
    '        spam_check = "on"',
    '        virus_check = "on"',
    '        use_sb = "on"',
    '        tls = "off"',
    '    }',
    '',
    '$BLOCKED',
    '    REJECT {}',
    '',
    '$THROTTLED',
    '    ACCEPT {',
    '        max_msgs_per_session = 10',
    '        max_concurrency = 10',
    '        max_rcpts_per_hour = 20',
    '        tls = "off"',
    '    }',
    '',
    '$TRUSTED',
    '    ACCEPT {',
    '        spam_check = "off"',
    '        max_rcpts_per_hour = -1',
    '        tls = "off"',
    '    }',
    '',
    'WHITELIST:',
    '    mail.trusted.example',
    '    192.0.2.10-20',
    '    $TRUSTED (Trusted senders &amp; partners)',
    '',
    'CUSTOMERS:',
  ];
  for (let k = 0; k < members; k++) lines.push(`    ${member(rnd, k)}`);
  lines.push(
    '    $ACCEPTED (Customer gateways: normal acceptance)',
    '',
    'BLACKLIST:',
    '    sbrs[-10.0:-3.0]',
    '    .spam-haven.example',
    '    $BLOCKED (Spammers are rejected)',
    '',
    'SUSPECTLIST:',
    '    sbrs[-3.0:-1.0]',
    '    $THROTTLED',
    '',
    'UNKNOWNLIST:',
    '    sbrs[-1.0:10.0]',
    '    SBRS[none]',
    '    $ACCEPTED',
    '',
    'ALL',
    '    $ACCEPTED',
    '',
  );
  return lines.join('\n');
}

function listener(w, rnd, { name, type, iface, hat }) {
  w.open('    ', 'listener');
  w.el('      ', 'listener_name', name);
  w.el('      ', 'interface', iface);
  w.el('      ', 'protocol', 'SMTP');
  w.el('      ', 'port', '25');
  w.el('      ', 'type', type);
  w.el('      ', 'max_concurrency', '600');
  w.el('      ', 'default_domain', 'example.net');
  w.el('      ', 'certificate', 'mx_example_net');
  w.el('      ', 'hat_default_max_concurrency', '10');
  w.el('      ', 'hat_default_max_message_size', '20971520');
  w.el('      ', 'hat_default_tls', 'off');
  w.elements++;
  w.put(`      <hat>\n${hat}</hat>\n`);
  w.open('      ', 'rat');
  for (let k = 0; k < 50; k++) {
    w.open('        ', 'rat_entry');
    w.el('          ', 'rat_address', k === 49 ? 'ALL' : `.domain${k}.example.net`);
    w.el('          ', 'access', k === 49 ? 'REJECT' : 'ACCEPT');
    w.close('        ', 'rat_entry');
  }
  w.close('      ', 'rat');
  w.close('    ', 'listener');
}

/** Writes one bulk section of about `budget` bytes, chosen by `kind`. */
function bulk(w, rnd, kind, budget, serial) {
  const stop = w.bytes + budget;
  switch (kind) {
    case 'users': {
      w.open('  ', 'users');
      for (let k = 0; w.bytes < stop; k++) {
        w.open('    ', 'user');
        w.el('      ', 'username', `user${serial}_${k}`);
        w.el(
          '      ',
          'fullname',
          `${pick(rnd, ['José', 'Zoë', 'Jürgen', 'François', 'Ana'])} Nº${k} (${pick(rnd, ['Ops', 'R&amp;D', 'Sales &lt;EU&gt;'])})`,
        );
        w.el('      ', 'group', pick(rnd, ['admin', 'operators', 'helpdesk', 'guests']));
        w.el('      ', 'enc_password', `$6$rounds=5000$${Array.from({ length: 60 }, () => pick(rnd, B64)).join('')}`);
        w.close('    ', 'user');
      }
      w.close('  ', 'users');
      return;
    }
    case 'routes': {
      w.open('  ', 'smtp_routes');
      for (let k = 0; w.bytes < stop; k++) {
        w.open('    ', 'smtp_route');
        w.el('      ', 'smtp_route_domain', `d${serial}-${k}.example.com`);
        w.el('      ', 'smtp_route_destination', `10.${octet(rnd)}.${octet(rnd)}.${octet(rnd)}:25`, ' priority="0"');
        w.el('      ', 'smtp_route_destination', `10.${octet(rnd)}.${octet(rnd)}.${octet(rnd)}:25`, ' priority="1"');
        w.close('    ', 'smtp_route');
      }
      w.close('  ', 'smtp_routes');
      return;
    }
    case 'dictionaries': {
      w.open('  ', 'dictionaries');
      for (let d = 0; w.bytes < stop; d++) {
        w.open('    ', 'dictionary');
        w.el('      ', 'dictionary_name', `Terms_${serial}_${d}`);
        w.el('      ', 'match_whole_words', '1');
        for (let k = 0; k < 200 && w.bytes < stop; k++) {
          w.el('      ', 'word', `${pick(rnd, WORDS)} ${pick(rnd, WORDS)} &amp; ${k}`, ` weight="${1 + (k % 5)}"`);
        }
        w.close('    ', 'dictionary');
      }
      w.close('  ', 'dictionaries');
      return;
    }
    case 'certificates': {
      w.open('  ', 'certificates');
      for (let c = 0; w.bytes < stop; c++) {
        w.open('    ', 'certificate');
        w.el('      ', 'certificate_name', c === 0 && serial === 3 ? 'mx_example_net' : `cert_${serial}_${c}`);
        const rows = [];
        for (let r = 0; r < 40; r++) rows.push(Array.from({ length: 64 }, () => pick(rnd, B64)).join(''));
        w.el('      ', 'certificate_text', `-----BEGIN CERTIFICATE-----\n${rows.join('\n')}\n-----END CERTIFICATE-----`);
        w.close('    ', 'certificate');
      }
      w.close('  ', 'certificates');
      return;
    }
    case 'filters': {
      w.open('  ', 'content_filters');
      for (let k = 0; w.bytes < stop; k++) {
        w.open('    ', 'content_filter', ` direction="${k % 2 ? 'outgoing' : 'incoming'}"`);
        w.el('      ', 'filter_name', `Filter_${serial}_${k}`);
        w.el('      ', 'filter_description', `Drop executables &amp; log them (${pick(rnd, WORDS)})`);
        w.el(
          '      ',
          'filter_rule',
          `<![CDATA[if (attachment-filetype == "Executable") { log-entry("<$MatchedContent> & more ${k}"); }]]>`,
        );
        w.put(`      <!-- reviewed ${(k % 28) + 1}.02.2025 -->\n`);
        w.close('    ', 'content_filter');
      }
      w.close('  ', 'content_filters');
      return;
    }
    case 'ldap': {
      w.open('  ', 'ldap_queries');
      for (let k = 0; w.bytes < stop; k++) {
        w.open('    ', 'ldap_query');
        w.el('      ', 'query_name', `accept_${serial}_${k}`);
        w.el('      ', 'query_string', `(&amp;(objectClass=person)(|(mail={a})(proxyAddresses=smtp:{a})))`);
        w.el('      ', 'base_dn', `ou=Bénéficiaires ${k},dc=example,dc=net`);
        w.el('      ', 'server', `ldap${k % 4}.corp.example.net`);
        w.close('    ', 'ldap_query');
      }
      w.close('  ', 'ldap_queries');
      return;
    }
    default: {
      w.open('  ', 'alert_settings');
      for (let k = 0; w.bytes < stop; k++) {
        w.open('    ', 'alert_recipient');
        w.el('      ', 'address', `ops${serial}-${k}@example.net`);
        w.el('      ', 'alert_class', pick(rnd, ['all', 'hardware', 'system', 'antispam']));
        w.el('      ', 'severity', pick(rnd, ['critical', 'warning', 'info']));
        w.put('      <empty_flag/>\n');
        w.elements++;
        w.close('    ', 'alert_recipient');
      }
      w.close('  ', 'alert_settings');
    }
  }
}

const BEFORE = ['users', 'routes', 'dictionaries', 'certificates', 'filters'];
const AFTER = ['ldap', 'routes', 'alerts', 'dictionaries'];

/**
 * Writes a deterministic export to `path`: about `bytes` bytes (at least the HAT's size), a
 * public listener whose HAT holds a sender group of `members` members. With `listeners` N:
 * N public listeners, each with that HAT (without: that one, a small public and a private one).
 */
export function generateExport(path, { bytes = 60_000_000, members = 20_000, seed = 118539, listeners } = {}) {
  const rnd = prng(seed);
  const w = new Writer(path);
  w.put('<?xml version="1.0" encoding="ISO-8859-1"?>\n<!DOCTYPE config SYSTEM "config.dtd">\n\n');
  w.put(
    '<!--\n  Product: Cisco C695 Email Security Appliance\n  Model Number: C695\n  Version: 15.0.1-030\n' +
      '  Serial Number: 0000BENCH0000-FCH0000BENCH\n  Number of CPUs: 16\n  Memory (GB): 64\n' +
      '  Current Time: Mon Mar 03 09:00:00 2025\n  Feature "IronPort Email Encryption": Quantity = 1, Time Remaining = "Perpetual"\n-->\n',
  );
  w.put('<config>\n');
  w.elements++;
  w.el('  ', 'hostname', 'bench-gw.example.net');
  const hat = hatText(rnd, members);
  const hatBytes = hat.length * 2 + 20_000;
  const bulkBudget = Math.max(0, bytes - w.bytes - hatBytes - 30_000);
  const per = bulkBudget / (BEFORE.length + AFTER.length);
  const elementsBefore = w.elements;
  let serial = 0;
  for (const kind of BEFORE) bulk(w, rnd, kind, per, serial++);
  const bulkElements1 = w.elements - elementsBefore;
  const beforeListeners = w.elements;
  w.open('  ', 'listeners');
  listener(w, rnd, { name: 'InboundMail', type: 'public', iface: 'Data 1', hat });
  if (listeners === undefined) {
    const small = hatText(rnd, 10).replace('CUSTOMERS:', 'PARTNERS:');
    listener(w, rnd, { name: 'PartnerMX', type: 'public', iface: 'Data 2', hat: small });
    const priv =
      '$RELAYED\n    RELAY {\n        spam_check = "off"\n        tls = "off"\n    }\n\nRELAYLIST:\n    10.1.0.0/16\n    $RELAYED\n\nALL\n    $RELAYED\n';
    listener(w, rnd, { name: 'RelayOut', type: 'private', iface: 'Internal', hat: priv });
  } else {
    // `listeners` public listeners in all, each HAT like the first (for the listener scaling run).
    for (let k = 1; k < listeners; k++) listener(w, rnd, { name: `Mx${k}`, type: 'public', iface: `Data ${k + 1}`, hat });
  }
  w.close('  ', 'listeners');
  const listenerElements = w.elements - beforeListeners;
  const afterStart = w.elements;
  for (const kind of AFTER) bulk(w, rnd, kind, per, serial++);
  const bulkElements2 = w.elements - afterStart;
  w.put('</config>\n');
  w.end();
  return {
    bytes: w.bytes,
    elements: w.elements,
    listenerElements,
    outsideListeners: bulkElements1 + bulkElements2 + 1,
    members,
    listeners: listeners ?? 3,
  };
}
