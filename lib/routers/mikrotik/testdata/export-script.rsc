# Rampart rule set Branch office revision 7: RouterOS script
# Paste into a terminal or run /import. Items tagged rampart: are managed by Rampart; rules are appended,
# and the next push from Rampart moves them above the router's own rules.
# rampart:empty-list unused
/ip firewall address-list
add list=admins address=10.0.0.0/24 comment="rampart:list:admins hq"
add list=admins address=10.9.0.1-10.9.0.9 comment="rampart:list:admins vpn pool"
add list=rampart.rdns00001.dst address=192.0.2.1 comment=rampart:list:rampart.rdns00001.dst
add list=rampart.rdns00001.dst address=192.0.2.2 comment=rampart:list:rampart.rdns00001.dst
/ipv6 firewall address-list
add list=admins address=2001:db8::/48 comment=rampart:list:admins
/ip firewall filter
add chain=input action=accept protocol=tcp src-address-list=admins dst-port=22,2222-2230 comment="rampart:rssh00001 ssh \"admins\" \$HOME\?"
add chain=forward action=accept protocol=udp dst-address-list=rampart.rdns00001.dst dst-port=53 out-interface=ether1 comment=rampart:rdns00001
add chain=input action=drop connection-state=invalid log=yes log-prefix="bad " comment="rampart:rdrop0001 drop invalid"
/ip firewall nat
add chain=dstnat action=dst-nat protocol=tcp dst-port=8080 in-interface=ether1 to-addresses=192.168.88.10 to-ports=80 comment="rampart:rfwd00001 camera"
add chain=srcnat action=masquerade out-interface=ether1 comment=rampart:rmasq0001
/ipv6 firewall filter
add chain=input action=accept protocol=tcp src-address-list=admins dst-port=22,2222-2230 comment="rampart:rssh00001 ssh \"admins\" \$HOME\?"
add chain=input action=drop connection-state=invalid log=yes log-prefix="bad " comment="rampart:rdrop0001 drop invalid"
add chain=input action=reject reject-with=icmp-no-route protocol=47 disabled=yes comment=rampart:rrej00001
