/**
 * A throwaway nginx for a test: Debian's `nginx` in the foreground as one
 * process (`daemon off`, `master_process off`: no workers to outlive a kill,
 * and it stays the current user) on a free port of 127.0.0.1, its pid file,
 * temp files and configuration in a temp prefix dir, its error log on stderr.
 * The test gives the http { } part of the configuration, built around the
 * address to listen on. Check serviceInstalled('nginx') first
 * (test-support/service-availability.ts).
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { ServerProcess, ServiceProcess } from './server-process.ts'
import { findNginx } from './setup/service-binaries.mjs'

/** Everything nginx would otherwise put under the system's paths (/var/lib/nginx, /var/log/nginx, /run), relative to the prefix. */
const MAIN_CONFIG = `daemon off;
master_process off;
pid nginx.pid;
error_log stderr notice;
events { worker_connections 256; }
`
const HTTP_TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${kind};`).join('\n')

export class NginxServer extends ServiceProcess {
  /** `http(listen)` is the http { } block's content; `listen` is the `127.0.0.1:<port>` its server must listen on. */
  static async start(http: (listen: string) => string): Promise<NginxServer> {
    const command = findNginx()
    if (!command) throw new Error('nginx is not installed (apt-get install -y nginx); guard the test with serviceInstalled("nginx")')
    const server = await ServerProcess.start({
      name: 'nginx',
      command,
      args: ['-e', 'stderr'],
      // nginx takes its port from the configuration file, so the file is written once the port is chosen.
      listenArgs: (port, prefix) => {
        const configFile = path.join(prefix, 'nginx.conf')
        writeFileSync(configFile, `${MAIN_CONFIG}http {\naccess_log off;\n${HTTP_TEMP_PATHS}\n${http(`127.0.0.1:${port}`)}\n}\n`)
        return ['-p', `${prefix}/`, '-c', configFile]
      },
      env: () => ({}),
      // The last line of its start-up notices, printed once the configuration is read and its sockets listen.
      readyLine: /getrlimit\(RLIMIT_NOFILE\)/,
      wsPath: '',
    })
    return new NginxServer(server)
  }

  /** http://127.0.0.1:<port>/ */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`
  }
}
