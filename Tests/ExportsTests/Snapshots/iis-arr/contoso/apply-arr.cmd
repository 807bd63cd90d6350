@echo off
rem lynccert: IIS ARR server farms and URL Rewrite rules for the Lync Server reverse proxy
rem (lync-rules.md §10, RP-RULES). Run as administrator on the reverse proxy.
set APPCMD=%windir%\system32\inetsrv\appcmd.exe
%APPCMD% set config -section:system.webServer/proxy /enabled:"True" /preserveHostHeader:"True" /reverseRewriteHostInResponseHeaders:"False" /commit:apphost

rem Server farm webext.contoso.com -> lsweb.contoso.net
%APPCMD% set config -section:webFarms /+"[name='webext.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='webext.contoso.com'].[address='webext.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='webext.contoso.com'].[address='webext.contoso.com'].applicationRequestRouting.httpPort:8080" /"[name='webext.contoso.com'].[address='webext.contoso.com'].applicationRequestRouting.httpsPort:4443" /"[name='webext.contoso.com'].[address='webext.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='webext.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='webext.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webext.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_webext.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webext.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webext.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='webext.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_webext.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_webext.contoso.com_loadbalance_SSL'].action.url:https://webext.contoso.com/{R:0}" /commit:apphost

rem Server farm webdirext.contoso.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='webdirext.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='webdirext.contoso.com'].[address='webdirext.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='webdirext.contoso.com'].[address='webdirext.contoso.com'].applicationRequestRouting.httpPort:8080" /"[name='webdirext.contoso.com'].[address='webdirext.contoso.com'].applicationRequestRouting.httpsPort:4443" /"[name='webdirext.contoso.com'].[address='webdirext.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='webdirext.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='webdirext.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webdirext.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_webdirext.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webdirext.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_webdirext.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='webdirext.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_webdirext.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_webdirext.contoso.com_loadbalance_SSL'].action.url:https://webdirext.contoso.com/{R:0}" /commit:apphost

rem Server farm meet.contoso.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='meet.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='meet.contoso.com'].[address='meet.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='meet.contoso.com'].[address='meet.contoso.com'].applicationRequestRouting.httpPort:8080" /"[name='meet.contoso.com'].[address='meet.contoso.com'].applicationRequestRouting.httpsPort:4443" /"[name='meet.contoso.com'].[address='meet.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='meet.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='meet.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_meet.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='meet.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_meet.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_meet.contoso.com_loadbalance_SSL'].action.url:https://meet.contoso.com/{R:0}" /commit:apphost

rem Server farm meet.fabrikam.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='meet.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='meet.fabrikam.com'].[address='meet.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='meet.fabrikam.com'].[address='meet.fabrikam.com'].applicationRequestRouting.httpPort:8080" /"[name='meet.fabrikam.com'].[address='meet.fabrikam.com'].applicationRequestRouting.httpsPort:4443" /"[name='meet.fabrikam.com'].[address='meet.fabrikam.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='meet.fabrikam.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='meet.fabrikam.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.fabrikam.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_meet.fabrikam.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.fabrikam.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_meet.fabrikam.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='meet.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_meet.fabrikam.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_meet.fabrikam.com_loadbalance_SSL'].action.url:https://meet.fabrikam.com/{R:0}" /commit:apphost

rem Server farm dialin.contoso.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='dialin.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='dialin.contoso.com'].[address='dialin.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='dialin.contoso.com'].[address='dialin.contoso.com'].applicationRequestRouting.httpPort:8080" /"[name='dialin.contoso.com'].[address='dialin.contoso.com'].applicationRequestRouting.httpsPort:4443" /"[name='dialin.contoso.com'].[address='dialin.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='dialin.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='dialin.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_dialin.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_dialin.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_dialin.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_dialin.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='dialin.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_dialin.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_dialin.contoso.com_loadbalance_SSL'].action.url:https://dialin.contoso.com/{R:0}" /commit:apphost

rem Server farm lyncdiscover.contoso.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='lyncdiscover.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='lyncdiscover.contoso.com'].[address='lyncdiscover.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='lyncdiscover.contoso.com'].[address='lyncdiscover.contoso.com'].applicationRequestRouting.httpPort:8080" /"[name='lyncdiscover.contoso.com'].[address='lyncdiscover.contoso.com'].applicationRequestRouting.httpsPort:4443" /"[name='lyncdiscover.contoso.com'].[address='lyncdiscover.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='lyncdiscover.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='lyncdiscover.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='lyncdiscover.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_lyncdiscover.contoso.com_loadbalance_SSL'].action.url:https://lyncdiscover.contoso.com/{R:0}" /commit:apphost

rem Server farm lyncdiscover.fabrikam.com -> dirpool01.contoso.net
%APPCMD% set config -section:webFarms /+"[name='lyncdiscover.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='lyncdiscover.fabrikam.com'].[address='lyncdiscover.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='lyncdiscover.fabrikam.com'].[address='lyncdiscover.fabrikam.com'].applicationRequestRouting.httpPort:8080" /"[name='lyncdiscover.fabrikam.com'].[address='lyncdiscover.fabrikam.com'].applicationRequestRouting.httpsPort:4443" /"[name='lyncdiscover.fabrikam.com'].[address='lyncdiscover.fabrikam.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='lyncdiscover.fabrikam.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='lyncdiscover.fabrikam.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='lyncdiscover.fabrikam.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_lyncdiscover.fabrikam.com_loadbalance_SSL'].action.url:https://lyncdiscover.fabrikam.com/{R:0}" /commit:apphost

rem Server farm officewebapps01.contoso.com -> officewebapps01.contoso.com
%APPCMD% set config -section:webFarms /+"[name='officewebapps01.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /+"[name='officewebapps01.contoso.com'].[address='officewebapps01.contoso.com']" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='officewebapps01.contoso.com'].[address='officewebapps01.contoso.com'].applicationRequestRouting.httpPort:80" /"[name='officewebapps01.contoso.com'].[address='officewebapps01.contoso.com'].applicationRequestRouting.httpsPort:443" /"[name='officewebapps01.contoso.com'].[address='officewebapps01.contoso.com'].applicationRequestRouting.weight:100" /commit:apphost
%APPCMD% set config -section:webFarms /"[name='officewebapps01.contoso.com'].applicationRequestRouting.protocol.timeout:00:16:00" /"[name='officewebapps01.contoso.com'].applicationRequestRouting.protocol.cache.enabled:False" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL',patternSyntax='Wildcard',stopProcessing='True']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL'].match.url:*" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL'].conditions.[input='{HTTPS}',pattern='on']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /+"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL'].conditions.[input='{HTTP_HOST}',pattern='officewebapps01.contoso.com']" /commit:apphost
%APPCMD% set config -section:system.webServer/rewrite/globalRules /"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL'].action.type:Rewrite" /"[name='ARR_officewebapps01.contoso.com_loadbalance_SSL'].action.url:https://officewebapps01.contoso.com/{R:0}" /commit:apphost
