import { dedent } from '../dedent.js';

/** Cisco's AsyncOS 9.7 `hostaccess > print` listing, spelled as the CLI reference prints it. */
export const CISCO_97 = dedent`
  $BLOCKED
      REJECT
  $TRUSTED
      ACCEPT {
          spam_check = "off"
          max_msgs_per_session = 1000
          max_concurrency = 10
          max_rcpts_per_msg = 500
          max_rcpts_per_hour = -1
          dhap_limit = 0
          virus_check = "on"
          max_message_size = 104857600
          use_sb = "off"
          tls = "off"
      }
  $ACCEPTED
      ACCEPT
  $THROTTLED
      ACCEPT {
          max_msgs_per_session = 10
          max_concurrency = 10
          max_rcpts_per_msg = 50
          max_rcpts_per_hour = 20
          dhap_limit = 0
          virus_check = "on"
          max_message_size = 1048576
          use_sb = "on"
          tls = "off"
      }
  WHITELIST:
          $TRUSTED (My trusted senders have no anti-spam scanning or rate limiting)
  BLACKLIST:
      SBRS[-10.0:-3.0]
          $BLOCKED (Spammers are rejected)
  SUSPECTLIST:
      SBRS[-3.0:-1.0]
          $THROTTLED (Suspicious senders are throttled)
  UNKNOWNLIST:
      SBRS[-1.0:10.0]
      SBRS[none]
          $ACCEPTED (Reviewed but undecided, continue normal acceptance)
  spamdomain.com
      REJECT (reject the domain "spamdomain.com")
  .spamdomain.com
      REJECT (reject all subdomains of ".spamdomain.com")
  5.6.7.8
      REJECT (reject the IP address "5.6.7.8")
  ALL
      $ACCEPTED (Everyone else)
`;
