import { describe, expect, it } from 'vitest';
import { aptPackages } from '../../../src/modules/package-facts.js';

const POLICY = `Package files:
 100 /var/lib/dpkg/status
     release a=now
 500 http://deb.example/debian bookworm/main amd64 Packages
     release v=12,o=Debian,a=stable,n=bookworm,l=Debian,c=main,b=amd64
     origin deb.example
 500 http://other.example/x stable/main amd64 Packages
     release a=stable,c=main,b=amd64
Pinned packages:
`;

const PKG_POLICY = `adduser:
  Installed: 3.134
  Candidate: 3.134
  Version table:
 *** 3.134 500
        500 http://deb.example/debian bookworm/main amd64 Packages
        100 /var/lib/dpkg/status
libc6:i386:
  Installed: 2.36
  Candidate: 2.37
  Version table:
     2.37 500
        500 http://deb.example/debian bookworm/main amd64 Packages
 *** 2.36 100
        100 /var/lib/dpkg/status
        500 http://deb.example/debian bookworm/main amd64 Packages
tool:
  Installed: 1.0
  Candidate: 1.0
  Version table:
 *** 1.0 500
        500 http://other.example/x stable/main amd64 Packages
`;

const SHOW = `Package: adduser
Version: 3.134
Architecture: all
Section: admin

Package: libc6
Version: 2.36
Architecture: i386
Section: libs

Package: tool
Version: 1.0
Architecture: amd64
Section: utils
`;

const DPKG = [
  'adduser\tadduser\t3.134\tall\tinstalled',
  'libc6:i386\tlibc6\t2.36\ti386\thalf-configured',
  'tool:amd64\ttool\t1.0\tamd64\tinstalled',
  'gone\tgone\t0.1\tamd64\tconfig-files',
  '',
].join('\n');

describe('package_facts apt data (dpkg-query, apt-cache policy and show)', () => {
  it("names foreign packages with their arch, takes the installed version's first file's origin", () => {
    expect(aptPackages(DPKG, 'amd64', POLICY, PKG_POLICY, SHOW)).toEqual({
      adduser: [
        {
          name: 'adduser',
          version: '3.134',
          arch: 'all',
          category: 'admin',
          origin: 'Debian',
          source: 'apt',
        },
      ],
      'libc6:i386': [
        { name: 'libc6:i386', version: '2.36', arch: 'i386', category: 'libs', origin: '', source: 'apt' },
      ],
      tool: [{ name: 'tool', version: '1.0', arch: 'amd64', category: 'utils', origin: '', source: 'apt' }],
    });
  });
});
